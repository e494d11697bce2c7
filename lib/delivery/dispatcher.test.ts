import { eq, inArray } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { listNotifications, notificationDetail } from "@/db/queries/delivery-log";
import { deliveries, dispatchBatches, mailboxMessages, notifications } from "@/db/schema";
import { clock, setClockOffset } from "@/lib/core/clock";
import type { NotificationEvent } from "@/lib/core/events";
import type { RetryPolicy } from "@/lib/core/retry-policy";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { openTestDatabase, testDatabaseTarget, testDb } from "@/lib/testing/db";
import { testIncident } from "@/lib/testing/events";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import { createDispatcher } from "./dispatcher";
import { readPause } from "./pause";
import type { BatchResult, OutboundEmail, Transport } from "./transport";

const fast: RetryPolicy = { baseMs: 1, capMs: 2, maxAttempts: 3, maxAgeMs: 60_000 };

function incident(id: string): NotificationEvent {
  return testIncident({ id, severity: "critical" });
}

async function seed(db: DB, recipients: string[], events = 1) {
  const accountId = await createAccount(db, {
    name: "A",
    slug: `a-${Math.random()}`,
    defaults: recipients,
  });
  for (let i = 0; i < events; i++) {
    const event = incident(`inc_${i}`);
    await acceptEvent(
      intakeStoreFor(db),
      { id: accountId, slug: "a" },
      { event, payload: event, webhookId: `w${i}` },
    );
  }
  return accountId;
}

/** A transport that answers from a script and records every call it gets. */
function scripted(answers: ((emails: OutboundEmail[]) => BatchResult | Promise<BatchResult>)[]) {
  const calls: { body: string; key: string }[] = [];
  const transport: Transport = {
    name: "fake",
    maxBatchSize: 100,
    encode: (emails) => JSON.stringify(emails),
    async send(body, key) {
      calls.push({ body, key });
      const emails = JSON.parse(body) as OutboundEmail[];
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      return answer(emails);
    },
  };
  return { transport, calls };
}

const allSent = (emails: OutboundEmail[]): BatchResult => ({
  kind: "done",
  outcomes: emails.map((e) => ({
    deliveryId: e.deliveryId,
    ok: true,
    providerMessageId: `re_${e.deliveryId}`,
  })),
});

async function statuses(db: DB) {
  return (await db.select().from(deliveries)).map((d) => d.status).sort();
}

async function drain(dispatcher: ReturnType<typeof createDispatcher>, steps = 20) {
  for (let i = 0; i < steps; i++) {
    const step = await dispatcher.runOnce();
    if (!step.worked) {
      if (step.idleUntil === null) return;
      await new Promise((r) => setTimeout(r, Math.max(0, step.idleUntil! - Date.now()) + 1));
    }
  }
}

describe("dispatcher", () => {
  it("delivers each recipient's email into the local mailbox once", async () => {
    const db = testDb();
    await seed(db, ["a@x.test", "b@x.test"]);
    const dispatcher = createDispatcher({
      render: renderContent,
      db,
      transport: createMailboxTransport(db),
      from: "B <b@beacon.test>",
      policy: fast,
    });
    await drain(dispatcher);
    expect(await statuses(db)).toEqual(["delivered", "delivered"]);
    const mailbox = await db.select().from(mailboxMessages);
    expect(mailbox.map((m) => m.to).sort()).toEqual(["a@x.test", "b@x.test"]);
    expect(mailbox[0]!.subject).toContain("(Acme Dental)");
    expect(await db.select().from(dispatchBatches)).toEqual([]);
  });

  it("retries a transient failure with the same bytes and key", async () => {
    const db = testDb();
    const accountId = await seed(db, ["a@x.test"]);
    const { transport, calls } = scripted([
      () => ({ kind: "retry", error: "Resend 503" }),
      allSent,
    ]);
    const dispatcher = createDispatcher({
      render: renderContent,
      db,
      transport,
      from: "b@beacon.test",
      policy: fast,
    });
    await drain(dispatcher);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect(await statuses(db)).toEqual(["sent"]);
    const [notification] = (await listNotifications(db, accountId)).rows;
    const detail = await notificationDetail(db, accountId, notification?.id ?? "");
    const history = detail?.deliveries[0]?.events.map((e) => e.status);
    expect(history).toEqual(["queued", "sending", "retrying", "sent"]);
  });

  it("gives up after the maximum attempts: the delivery is dead with the reason", async () => {
    const db = testDb();
    await seed(db, ["a@x.test"]);
    const { transport, calls } = scripted([
      () => ({ kind: "retry", error: "Resend 500 internal" }),
    ]);
    await drain(
      createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "b@beacon.test",
        policy: fast,
      }),
    );
    expect(calls).toHaveLength(3);
    const [row] = await db.select().from(deliveries);
    expect(row!.status).toBe("dead");
    expect(row!.lastError).toMatch(/Gave up after 3 attempts: Resend 500 internal/);
  });

  it("giving up never overwrites what a provider event already reported", async () => {
    const db = testDb();
    await seed(db, ["a@x.test", "b@x.test"]);
    const { transport } = scripted([
      async (emails) => {
        // The call went through and a delivery event arrived, but the answer was lost.
        await db
          .update(deliveries)
          .set({ status: "delivered" })
          .where(eq(deliveries.id, emails[0]!.deliveryId));
        return { kind: "retry", error: "answer lost" };
      },
      () => ({ kind: "retry", error: "answer lost" }),
    ]);
    await drain(
      createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "b@beacon.test",
        policy: fast,
      }),
    );
    expect(await statuses(db)).toEqual(["dead", "delivered"]);
  });

  it("fails the deliveries of a rejected call at once, with the provider's reason", async () => {
    const db = testDb();
    await seed(db, ["a@x.test"]);
    const { transport, calls } = scripted([
      () => ({ kind: "rejected", error: "Resend 422 validation_error: bad from" }),
    ]);
    await drain(
      createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "b@beacon.test",
        policy: fast,
      }),
    );
    expect(calls).toHaveLength(1);
    expect(await first(db.select().from(deliveries).limit(1))).toMatchObject({
      status: "failed",
      lastError: "Resend 422 validation_error: bad from",
    });
  });

  it("fails only the refused email of a batch", async () => {
    const db = testDb();
    await seed(db, ["good@x.test", "bad@x.test"]);
    const { transport } = scripted([
      (emails) => ({
        kind: "done",
        outcomes: emails.map((e) =>
          e.to === "bad@x.test"
            ? { deliveryId: e.deliveryId, ok: false, permanent: true, error: "invalid to" }
            : { deliveryId: e.deliveryId, ok: true, providerMessageId: "re_1" },
        ),
      }),
    ]);
    await drain(
      createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "b@beacon.test",
        policy: fast,
      }),
    );
    const rows = await db.select().from(deliveries);
    expect(rows.find((d) => d.recipient === "good@x.test")?.status).toBe("sent");
    expect(rows.find((d) => d.recipient === "bad@x.test")).toMatchObject({
      status: "failed",
      lastError: "invalid to",
    });
  });

  it("pauses every send on a quota error instead of retrying in a loop", async () => {
    const db = testDb();
    await seed(db, ["a@x.test"]);
    const until = Date.now() + 60_000;
    const { transport, calls } = scripted([
      () => ({ kind: "paused", error: "daily_quota_exceeded", untilMs: until }),
    ]);
    const dispatcher = createDispatcher({
      render: renderContent,
      db,
      transport,
      from: "b@beacon.test",
      policy: fast,
    });
    await dispatcher.runOnce();
    const next = await dispatcher.runOnce();
    expect(calls).toHaveLength(1);
    expect(next).toEqual({ worked: false, idleUntil: until });
    expect(await readPause(db)).toEqual({ until, reason: "daily_quota_exceeded" });
    expect(await first(db.select().from(deliveries).limit(1))).toMatchObject({
      status: "sending",
      attempts: 0,
    });
  });

  it("runs what falls due by the clock and sleeps until the next one, in clock time", async () => {
    const db = testDb();
    const ran: number[] = [];
    let due: number | null = clock.now() - 1;
    setClockOffset(3_600_000);
    try {
      const dispatcher = createDispatcher({
        render: renderContent,
        db,
        transport: createMailboxTransport(db),
        from: "b@beacon.test",
        schedules: [
          {
            name: "test",
            runDue(now) {
              if (due === null || due > now) return 0;
              ran.push(now);
              due = now + 60_000;
              return 1;
            },
            nextDueAt: () => due,
          },
        ],
      });
      expect(await dispatcher.runOnce()).toEqual({ worked: true });
      const idle = await dispatcher.runOnce();
      expect(ran).toHaveLength(1);
      // Due a minute from the (moved) clock: the wait is a minute of system time, not an hour less.
      expect(idle.worked).toBe(false);
      const wait = (idle as { idleUntil: number }).idleUntil - Date.now();
      expect(wait).toBeGreaterThan(55_000);
      expect(wait).toBeLessThanOrEqual(60_000);
    } finally {
      setClockOffset(0);
    }
  });

  it("never lets a late 'sent' undo what a provider event already reported", async () => {
    const db = testDb();
    await seed(db, ["a@x.test"]);
    const { transport } = scripted([
      async (emails) => {
        await db
          .update(deliveries)
          .set({ status: "delivered" })
          .where(eq(deliveries.id, emails[0]!.deliveryId));
        return allSent(emails);
      },
    ]);
    await drain(
      createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "b@beacon.test",
        policy: fast,
      }),
    );
    expect(await statuses(db)).toEqual(["delivered"]);
  });

  it("a dispatcher that died mid-call is replaced by one that sends the same request", async () => {
    const db = testDb();
    await seed(db, ["a@x.test", "b@x.test"]);
    const hung = scripted([() => new Promise<BatchResult>(() => {})]);
    const first = createDispatcher({
      render: renderContent,
      db,
      transport: hung.transport,
      from: "b@beacon.test",
      policy: fast,
      leaseMs: 20,
    });
    void first.runOnce();
    await new Promise((r) => setTimeout(r, 30));
    const { transport, calls } = scripted([allSent]);
    await drain(
      createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "b@beacon.test",
        policy: fast,
        leaseMs: 20,
      }),
    );
    expect(calls).toEqual(hung.calls);
    expect(await statuses(db)).toEqual(["sent", "sent"]);
  });

  it("a backlog on the local mailbox leaves the process's event loop free between batches", async () => {
    // The mailbox answers without I/O: a loop that only awaited it would never give timers,
    // signals or the parent's IPC a turn until the whole backlog was sent.
    const db = testDb();
    await seed(db, ["a@x.test", "b@x.test"], 30);
    const mailbox = createMailboxTransport(db);
    let sends = 0;
    let sendsWhenTimerRan = 0;
    let dispatcher: ReturnType<typeof createDispatcher> | undefined;
    const timerRan = new Promise<void>((resolve) => {
      const transport: Transport = {
        ...mailbox,
        maxBatchSize: 5,
        send(body, key) {
          sends++;
          if (sends === 1) {
            setTimeout(() => {
              sendsWhenTimerRan = sends;
              resolve();
            }, 0);
          }
          return mailbox.send(body, key);
        },
      };
      dispatcher = createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "B <b@beacon.test>",
        policy: fast,
      });
      dispatcher.start();
    });
    await timerRan;
    await vi.waitFor(async () => expect(await db.select().from(mailboxMessages)).toHaveLength(60));
    await dispatcher?.stop();
    // 12 batches of 5: a timer set during the first must not wait for the twelfth.
    expect(sendsWhenTimerRan).toBeLessThan(4);
  });

  it("two dispatchers on one database never send a delivery twice", {
    timeout: 30_000,
  }, async () => {
    const file = testDatabaseTarget();
    const dbA = openTestDatabase(file);
    const dbB = openTestDatabase(file);
    await seed(dbA, ["a@x.test", "b@x.test", "c@x.test"], 40);
    const sent: string[] = [];
    const recording = (): Transport => ({
      name: "fake",
      maxBatchSize: 7,
      encode: (emails) => JSON.stringify(emails),
      async send(body) {
        const emails = JSON.parse(body) as OutboundEmail[];
        sent.push(...emails.map((e) => e.deliveryId));
        await new Promise((r) => setTimeout(r, 1));
        return allSent(emails);
      },
    });
    const a = createDispatcher({
      render: renderContent,
      db: dbA,
      transport: recording(),
      from: "b@beacon.test",
      policy: fast,
    });
    const b = createDispatcher({
      render: renderContent,
      db: dbB,
      transport: recording(),
      from: "b@beacon.test",
      policy: fast,
    });
    // Each runs until nothing is left to claim; a batch in the other's hands is not idle time.
    const until = async (dispatcher: ReturnType<typeof createDispatcher>) => {
      for (;;) {
        const step = await dispatcher.runOnce();
        if (
          !step.worked &&
          (await dbA.select().from(deliveries).where(eq(deliveries.status, "queued"))).length === 0
        )
          return;
        if (!step.worked) await new Promise((r) => setTimeout(r, 2));
      }
    };
    await Promise.all([until(a), until(b)]);
    expect(sent).toHaveLength(120);
    expect(new Set(sent).size).toBe(120);
  });
});

describe("several dispatchers on one database", () => {
  // Every settle also bumps the account's hourly count of sent emails (one row, kept by a
  // trigger): on PostgreSQL, settles that were aborted for it ran out of retries and left
  // their batches to the lease.
  it("four settle side by side without a failed step, each email sent once", {
    timeout: 60_000,
  }, async () => {
    const file = testDatabaseTarget();
    const handles = Array.from({ length: 4 }, () => openTestDatabase(file));
    await seed(handles[0]!, ["a@x.test", "b@x.test"], 60);
    const sent: string[] = [];
    const failures: string[] = [];
    const dispatchers = handles.map((db) =>
      createDispatcher({
        render: renderContent,
        db,
        transport: {
          name: "fake",
          maxBatchSize: 3,
          encode: (emails) => JSON.stringify(emails),
          async send(body) {
            const emails = JSON.parse(body) as OutboundEmail[];
            sent.push(...emails.map((e) => e.deliveryId));
            return allSent(emails);
          },
        },
        from: "b@beacon.test",
        policy: fast,
        log: (message) => failures.push(message),
      }),
    );
    const waiting = async () =>
      (
        await handles[0]!
          .select()
          .from(deliveries)
          .where(inArray(deliveries.status, ["queued", "sending"]))
      ).length;
    const run = async (dispatcher: ReturnType<typeof createDispatcher>) => {
      for (;;) {
        const step = await dispatcher.runOnce();
        if (!step.worked && (await waiting()) === 0) return;
        if (!step.worked) await new Promise((r) => setTimeout(r, 2));
      }
    };
    await Promise.all(dispatchers.map(run));
    expect(failures).toEqual([]);
    expect(sent).toHaveLength(120);
    expect(new Set(sent).size).toBe(120);
    expect(await statuses(handles[0]!)).toEqual(Array(120).fill("sent"));
  });
});

describe("rendering after the commit", () => {
  it("sends a notification whose stored event can't be rendered, with its subject and event as text", async () => {
    const db = testDb();
    await seed(db, ["soc@a.test"], 2);
    let deep: unknown = "bottom";
    for (let i = 0; i < 3000; i++) deep = { deeper: deep };
    const [first] = await db.select().from(notifications);
    await db
      .update(notifications)
      .set({ payload: { broken: deep } })
      .where(eq(notifications.id, first!.id));
    const transport = createMailboxTransport(db);
    await drain(
      createDispatcher({
        render: renderContent,
        db,
        transport,
        from: "b@beacon.test",
        policy: fast,
        log: () => {},
      }),
    );
    const mail = await db.select().from(mailboxMessages);
    expect(mail).toHaveLength(2);
    const fallback = mail.find((m) => m.deliveryId && m.text.startsWith(first!.subject));
    expect(fallback?.text).toContain("deeper");
    expect(fallback!.text.length).toBeLessThan(60_000);
  });
});
