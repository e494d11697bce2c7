import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries, integrations, mailboxMessages, notifications } from "@/db/schema";
import { setClockOffset } from "@/lib/core/clock";
import { DIGEST_SUBJECT } from "@/lib/core/digest";
import type { NotificationEvent } from "@/lib/core/events";
import { readStoredSettings } from "@/lib/core/settings";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent, renderDigestContent } from "@/lib/render/render";
import { openTestDatabase, testDatabaseTarget, testDb } from "@/lib/testing/db";
import { testIncident } from "@/lib/testing/events";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import { createDigestSchedule } from "./digests";
import { createDispatcher } from "./dispatcher";

const RECIPIENTS = ["soc@msp.example", "noc@msp.example"];

function notice(id: string, org = "Acme Dental"): NotificationEvent {
  return {
    id,
    type: "account_notice",
    status: "open",
    organization: { id: org.toLowerCase().replace(/\W/g, "_"), name: org },
    occurred_at: "2026-11-26T14:03:27Z",
    title: `Notice ${id}`,
    summary: "A notice.",
    body: "Something to know.",
    severity: "low",
    url: `https://portal.beacon.test/notices/${id}`,
  };
}

function criticalIncident(id: string): NotificationEvent {
  return testIncident({
    id,
    organization: { id: "acme_dental", name: "Acme Dental" },
    severity: "critical",
  });
}

/** An account whose Account Notices and Incidents go out in an hourly digest. */
async function digestAccount(db: DB) {
  const accountId = await createAccount(db, {
    name: "A",
    slug: `a-${Math.random()}`,
    defaults: RECIPIENTS,
  });
  const row = await first(
    db.select().from(integrations).where(eq(integrations.accountId, accountId)).limit(1),
  );
  const settings = readStoredSettings(row?.settings);
  settings.types.account_notice.delivery = "hourly";
  settings.types.incident.delivery = "hourly";
  await db
    .update(integrations)
    .set({ settings })
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")));
  return accountId;
}

async function post(db: DB, accountId: string, event: NotificationEvent) {
  return acceptEvent(
    intakeStoreFor(db),
    { id: accountId, slug: "a" },
    { event, payload: event, webhookId: `w-${event.id}` },
  );
}

function dispatcherOn(db: DB) {
  return createDispatcher({
    db,
    transport: createMailboxTransport(db),
    from: "Beacon <alerts@beacon.test>",
    render: renderContent,
    log: () => undefined,
    schedules: [createDigestSchedule({ db, render: renderDigestContent, log: () => undefined })],
  });
}

async function drain(dispatcher: ReturnType<typeof dispatcherOn>) {
  for (let i = 0; i < 20; i++) {
    const step = await dispatcher.runOnce();
    if (!step.worked) return;
  }
}

const mailbox = async (db: DB) => await db.select().from(mailboxMessages);

afterEach(() => setClockOffset(0));

describe("hourly digests", () => {
  it("holds the hour's notices, sends the critical incident at once, then one digest per recipient", async () => {
    const db = testDb();
    const accountId = await digestAccount(db);
    for (const id of ["n1", "n2", "n3"]) await post(db, accountId, notice(id));
    await post(db, accountId, notice("n4", "Corner Bakery"));
    await post(db, accountId, criticalIncident("inc_1"));
    const dispatcher = dispatcherOn(db);
    await drain(dispatcher);

    // Only the incident went out: two recipients, two emails.
    expect((await mailbox(db)).map((m) => m.subject)).toEqual([
      expect.stringContaining("Critical Incident"),
      expect.stringContaining("Critical Incident"),
    ]);
    const held = await db.select().from(deliveries).where(eq(deliveries.status, "held"));
    expect(held).toHaveLength(8);
    const heldFor = (
      await first(
        db
          .select({ heldFor: notifications.heldFor })
          .from(notifications)
          .where(eq(notifications.eventId, "n1"))
          .limit(1),
      )
    )?.heldFor;
    expect(heldFor).toMatch(/^for the \d\d:00 digest$/);

    // The hour passes.
    setClockOffset(3_600_000);
    await drain(dispatcher);
    const digests = (await mailbox(db)).filter((m) => m.subject.startsWith("Beacon Digest"));
    expect(digests.map((m) => m.to).sort()).toEqual([...RECIPIENTS].sort());
    for (const digest of digests) {
      expect(digest.subject).toMatch(DIGEST_SUBJECT);
      expect(digest.subject).toContain("| 4 notifications from 2 organizations");
      expect(digest.text).toContain("Acme Dental");
      expect(digest.text).toContain("Corner Bakery");
      expect(digest.html).toContain("https://portal.beacon.test/notices/n2");
    }
    // Each item is digested, linked to its recipient's digest.
    const items = await db.select().from(deliveries).where(eq(deliveries.status, "digested"));
    expect(items).toHaveLength(8);
    const digestOf = new Map(
      (
        await db
          .select({ id: notifications.id, recipient: deliveries.recipient })
          .from(notifications)
          .innerJoin(deliveries, eq(deliveries.notificationId, notifications.id))
          .where(eq(notifications.type, "digest"))
      ).map((row) => [row.recipient, row.id]),
    );
    for (const item of items) expect(item.digestId).toBe(digestOf.get(item.recipient));

    // Nothing more: the next period is empty, so nothing is sent for it.
    setClockOffset(2 * 3_600_000);
    await drain(dispatcher);
    expect(await mailbox(db)).toHaveLength(4);
  });

  it("makes each digest once with two dispatchers on one database, also after a restart", async () => {
    const file = testDatabaseTarget();
    const first = openTestDatabase(file);
    const accountId = await digestAccount(first);
    for (const id of ["a", "b", "c"]) await post(first, accountId, notice(id));
    const second = openTestDatabase(file);

    setClockOffset(3_600_000);
    const schedules = [first, second].map((db) =>
      createDigestSchedule({ db, render: renderDigestContent, log: () => undefined }),
    );
    const made = await Promise.all(
      schedules.map((schedule) => schedule.runDue(Date.now() + 3_600_000)),
    );
    expect(made.reduce((a, b) => a + b, 0)).toBe(2);
    // A third process started later (a restart) finds nothing left to make.
    const restarted = createDigestSchedule({
      db: openTestDatabase(file),
      render: renderDigestContent,
      log: () => undefined,
    });
    expect(await restarted.runDue(Date.now() + 3_600_000)).toBe(0);
    expect(await restarted.nextDueAt()).toBeNull();
    const digests = await first
      .select()
      .from(notifications)
      .where(eq(notifications.type, "digest"));
    expect(digests).toHaveLength(2);
  });

  it("says when the next digest is due, and does nothing before", async () => {
    const db = testDb();
    const accountId = await digestAccount(db);
    await post(db, accountId, notice("x"));
    const schedule = createDigestSchedule({
      db,
      render: renderDigestContent,
      log: () => undefined,
    });
    const due = await schedule.nextDueAt();
    expect(due).not.toBeNull();
    expect(await schedule.runDue((due ?? 0) - 1)).toBe(0);
    expect(await schedule.runDue(due ?? 0)).toBe(2);
  });
});
