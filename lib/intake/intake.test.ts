import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries, integrations, notifications } from "@/db/schema";
import { sqliteOf } from "@/db/sqlite/open";
import type { NotificationEvent } from "@/lib/core/events";
import { readStoredSettings } from "@/lib/core/settings";
import { onPostgres, testDb } from "@/lib/testing/db";
import { testIncident } from "@/lib/testing/events";
import { acceptEvent, acceptEvents, acceptTestSend } from "./intake";
import { StorageUnavailableError } from "./ports";

const event: NotificationEvent = testIncident();

async function setup() {
  const db = testDb();
  const id = await createAccount(db, {
    name: "A",
    slug: "a",
    defaults: ["soc@a.test", "lead@a.test"],
  });
  return { db, store: intakeStoreFor(db), account: { id, slug: "a" } };
}

async function recipientsOf(db: ReturnType<typeof testDb>, notificationId: string) {
  return (await db.select().from(deliveries).where(eq(deliveries.notificationId, notificationId)))
    .map((d) => d.recipient)
    .sort();
}

async function changeSettings(
  db: ReturnType<typeof testDb>,
  change: (s: ReturnType<typeof readStoredSettings>) => void,
) {
  const settings = readStoredSettings(
    (await first(db.select().from(integrations).limit(1)))!.settings,
  );
  change(settings);
  await db.update(integrations).set({ settings });
}

describe("acceptEvent", () => {
  it("stores the notification with its subject and queues one delivery per recipient", async () => {
    const { db, store, account } = await setup();
    const result = await acceptEvent(store, account, {
      event,
      payload: { ...event, extra: 1 },
      webhookId: "w1",
    });
    expect(result).toMatchObject({ status: "queued", recipients: 2, duplicate: false });
    const row = (await first(db.select().from(notifications).limit(1)))!;
    expect(row.subject).toBe("Beacon EDR High Incident | Ransomware on DESKTOP-01 (Acme Dental)");
    expect(row.payload).toMatchObject({ extra: 1 });
    // The email itself is rendered after the commit, by the dispatcher.
    expect(row.renderedAt).toBeNull();
    expect(await recipientsOf(db, row.id)).toEqual(["lead@a.test", "soc@a.test"]);
  });

  it("keeps the payload's keys in the order the caller sent them (PostgreSQL's jsonb would sort them)", async () => {
    const { db, store, account } = await setup();
    const payload = { zeta: 1, ...event, alpha: { y: 2, b: 1 }, mid: [3, 1] };
    await acceptEvent(store, account, { event, payload, webhookId: "w1" });
    const row = (await first(db.select().from(notifications).limit(1)))!;
    expect(Object.keys(row.payload)).toEqual(Object.keys(payload));
    expect(JSON.stringify(row.payload)).toBe(JSON.stringify(payload));
  });

  it("keeps the recipients fixed at acceptance, whatever the settings become", async () => {
    const { db, store, account } = await setup();
    const first = await acceptEvent(store, account, { event, payload: event, webhookId: "w1" });
    await changeSettings(db, (settings) => {
      settings.defaults = ["new@a.test"];
    });
    const second = await acceptEvent(store, account, {
      event: { ...event, id: "inc_2" },
      payload: { ...event, id: "inc_2" },
      webhookId: "w2",
    });
    if (first.status !== "queued" || second.status !== "queued") throw new Error("not queued");
    expect(await recipientsOf(db, first.notificationId)).toEqual(["lead@a.test", "soc@a.test"]);
    expect(await recipientsOf(db, second.notificationId)).toEqual(["new@a.test"]);
  });

  it("answers a repeat with the first answer, and refuses the same key with another body", async () => {
    const { db, store, account } = await setup();
    const first = await acceptEvent(store, account, { event, payload: event, webhookId: "w1" });
    const sameWebhook = await acceptEvent(store, account, {
      event,
      payload: event,
      webhookId: "w1",
    });
    const sameEvent = await acceptEvent(store, account, { event, payload: event, webhookId: "w2" });
    const changed = await acceptEvent(store, account, {
      event,
      payload: { ...event, summary: "changed" },
      webhookId: "w1",
    });
    expect(sameWebhook).toEqual({ ...first, duplicate: true });
    expect(sameEvent).toEqual({ ...first, duplicate: true });
    expect(changed.status).toBe("conflict");
    expect(await db.select().from(deliveries)).toHaveLength(2);
  });

  it("keeps a single event's webhook-id apart from a batch item's", async () => {
    const { db, store, account } = await setup();
    const single = await acceptEvent(store, account, { event, payload: event, webhookId: "X#0" });
    const other = { ...event, id: "inc_9" };
    const item = await acceptEvent(store, account, {
      event: other,
      payload: other,
      webhookId: "X",
      webhookIndex: 0,
    });
    expect(single).toMatchObject({ status: "queued", duplicate: false });
    expect(item).toMatchObject({ status: "queued", duplicate: false });
    expect(await db.select().from(notifications)).toHaveLength(2);
  });

  it("settles concurrent twins to one notification", async () => {
    const { db, store, account } = await setup();
    const answers = await Promise.all(
      [1, 2, 3].map(() => acceptEvent(store, account, { event, payload: event, webhookId: "w1" })),
    );
    expect(
      new Set(answers.map((a) => ("notificationId" in a ? a.notificationId : a.status))).size,
    ).toBe(1);
    expect(await db.select().from(notifications)).toHaveLength(1);
  });

  it("commits concurrent events together, each answered alone", async () => {
    const { db, store, account } = await setup();
    const events = Array.from({ length: 50 }, (_, i) => ({ ...event, id: `inc_${i}` }));
    const answers = await acceptEvents(
      store,
      account,
      events.map((e, i) => ({ event: e, payload: e, webhookId: `w${i}` })),
    );
    expect(answers.every((a) => a.status === "queued")).toBe(true);
    expect(await db.select().from(notifications)).toHaveLength(50);
    expect(await db.select().from(deliveries)).toHaveLength(100);
  });

  it("rolls back a failing write alone: the others of its transaction commit", async () => {
    const { db, store, account } = await setup();
    const good = acceptEvent(store, account, { event, payload: event, webhookId: "w1" });
    const bad = store.run(() => {
      throw new Error("boom");
    });
    await expect(bad).rejects.toThrow("boom");
    await expect(good).resolves.toMatchObject({ status: "queued" });
    expect(await db.select().from(notifications)).toHaveLength(1);
  });

  // SQLite only: it makes the storage refuse writes with SQLite's query_only pragma.
  it.skipIf(onPostgres)(
    "refuses every event of a transaction the storage could not take, and stores none",
    async () => {
      const { db, store, account } = await setup();
      sqliteOf(db).$client.pragma("query_only = ON");
      await expect(
        acceptEvent(store, account, { event, payload: event, webhookId: "w1" }),
      ).rejects.toBeInstanceOf(StorageUnavailableError);
      sqliteOf(db).$client.pragma("query_only = OFF");
      expect(await db.select().from(notifications)).toHaveLength(0);
      // It recovers by itself once storage takes writes again.
      await expect(
        acceptEvent(store, account, { event, payload: event, webhookId: "w1" }),
      ).resolves.toMatchObject({ status: "queued", duplicate: false });
    },
  );

  // PostgreSQL only: SQLite's dispatchers see every commit through its data_version.
  it.runIf(onPostgres)(
    "wakes the dispatchers of every process once the events are committed (NOTIFY beacon_work)",
    async () => {
      const { db, store, account } = await setup();
      if (db.$engine !== "postgres") throw new Error("PostgreSQL only");
      const listener = await db.$pool.connect();
      try {
        const heard: string[] = [];
        listener.on("notification", (message) => heard.push(message.channel));
        await listener.query("listen beacon_work");
        await acceptEvents(store, account, [
          { event, payload: event, webhookId: "w1" },
          { event: { ...event, id: "inc_2" }, payload: { ...event, id: "inc_2" }, webhookId: "w2" },
        ]);
        const deadline = Date.now() + 5_000;
        while (heard.length === 0 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(heard).toContain("beacon_work");
      } finally {
        await listener.query("unlisten *");
        listener.release();
      }
    },
  );

  it("suppresses a resolved event whose type has resolved mail off", async () => {
    const { db, store, account } = await setup();
    await changeSettings(db, (settings) => {
      settings.types.incident.resolved = false;
    });
    const resolved = { ...event, status: "resolved" as const };
    const result = await acceptEvent(store, account, {
      event: resolved,
      payload: resolved,
      webhookId: "w9",
    });
    expect(result).toMatchObject({
      status: "suppressed",
      reason: expect.stringMatching(/switched off/),
    });
    expect(await db.select().from(deliveries)).toEqual([]);
  });
});

describe("acceptTestSend", () => {
  it("sends to the chosen recipients, marked as a test, as often as asked", async () => {
    const { db, store, account } = await setup();
    const one = await acceptTestSend(store, account, {
      event,
      recipients: ["me@a.test"],
      organizationId: null,
    });
    const two = await acceptTestSend(store, account, {
      event,
      recipients: ["me@a.test"],
      organizationId: null,
    });
    expect(one).toMatchObject({ status: "queued", recipients: 1 });
    expect(
      two.status === "queued" &&
        one.status === "queued" &&
        two.notificationId !== one.notificationId,
    ).toBe(true);
    const rows = await db.select().from(notifications);
    expect(rows.every((row) => row.isTest && row.subject.startsWith("[Test] "))).toBe(true);
  });
});
