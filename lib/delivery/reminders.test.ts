import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries, integrations, notifications, reminders } from "@/db/schema";
import { withConnection } from "@/db/sqlite/open";
import { clock } from "@/lib/core/clock";
import type { EscalationEvent } from "@/lib/core/events";
import { HOUR_MS, reminderNumber } from "@/lib/core/reminders";
import { readStoredSettings } from "@/lib/core/settings";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { onPostgres, openTestDatabase, testDatabaseTarget, testDb } from "@/lib/testing/db";
import { createReminderSchedule } from "./reminders";
import { renderPending } from "./render-pending";

const escalation: EscalationEvent = {
  id: "esc_1",
  type: "escalation",
  status: "open",
  organization: { id: "org_acme", name: "Acme Dental" },
  occurred_at: "2026-11-26T03:12:44Z",
  title: "Suspicious sign-in needs confirmation",
  summary: "A sign-in from a new country.",
  severity: "high",
  product: "ITDR",
  action_required: "Confirm the sign-in.",
  respond_url: "https://portal.beacon.test/escalations/1",
};

async function seed(db: DB) {
  const accountId = await createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test"] });
  const account = { id: accountId, slug: "a" };
  const post = (event: EscalationEvent, webhookId: string) =>
    acceptEvent(intakeStoreFor(db), account, { event, payload: event, webhookId });
  return { accountId, post };
}

async function reminderRows(db: DB, accountId: string) {
  return (
    await db.select().from(notifications).where(eq(notifications.accountId, accountId))
  ).filter((n) => reminderNumber(n.followUpKey) !== null);
}

const reminderRow = async (db: DB) => (await first(db.select().from(reminders).limit(1)))!;

describe("the reminder schedule", () => {
  it("reminds an open escalation every 4 hours, 3 times, threaded, to the original's recipients", async () => {
    const db = testDb();
    const { accountId, post } = await seed(db);
    await post(escalation, "w1");
    const schedule = createReminderSchedule(db);
    const anchor = (await reminderRow(db)).anchorAt;
    expect(await schedule.nextDueAt()).toBe(anchor + 4 * HOUR_MS);

    expect(await schedule.runDue(anchor + 4 * HOUR_MS - 1)).toBe(0);
    for (const k of [1, 2, 3]) expect(await schedule.runDue(anchor + k * 4 * HOUR_MS)).toBe(1);
    expect(await schedule.runDue(anchor + 40 * HOUR_MS)).toBe(0);
    expect(await schedule.nextDueAt()).toBeNull();
    expect(await reminderRow(db)).toMatchObject({ sent: 3, endedReason: "done" });

    const sent = await reminderRows(db, accountId);
    const original = (await first(
      db.select().from(notifications).where(eq(notifications.followUpKey, "")).limit(1),
    ))!;
    expect(sent.map((n) => n.followUpKey).sort()).toEqual([
      "reminder:1",
      "reminder:2",
      "reminder:3",
    ]);
    for (const n of sent) {
      expect(n.subject).toBe(
        "[Reminder] Beacon ITDR High Escalation | Suspicious sign-in needs confirmation (Acme Dental)",
      );
      expect(n.followsId).toBe(original.id);
      expect(n.headers["In-Reply-To"]).toBe(original.headers["Message-ID"]);
      const to = await db.select().from(deliveries).where(eq(deliveries.notificationId, n.id));
      expect(to.map((d) => d.recipient)).toEqual(["soc@a.test"]);
    }
    expect(new Set(sent.map((n) => n.headers["Message-ID"])).size).toBe(3);

    await renderPending(db, renderContent, () => {});
    const second = (await first(
      db.select().from(notifications).where(eq(notifications.followUpKey, "reminder:2")).limit(1),
    ))!;
    expect(second.text).toMatch(/Reminder 2: this alert has been open for 8 hours/);
  });

  it("holds a reminder for its type's digest like any non-critical notification", async () => {
    const db = testDb();
    const { post } = await seed(db);
    await post(escalation, "w1");
    const settings = readStoredSettings(
      (await first(db.select().from(integrations).limit(1)))!.settings,
    );
    settings.types.escalation.delivery = "hourly";
    await db.update(integrations).set({ settings });
    const anchor = (await reminderRow(db)).anchorAt;
    expect(await createReminderSchedule(db).runDue(anchor + 4 * HOUR_MS)).toBe(1);
    const reminder = (await first(
      db.select().from(notifications).where(eq(notifications.followUpKey, "reminder:1")).limit(1),
    ))!;
    const held = await db
      .select()
      .from(deliveries)
      .where(eq(deliveries.notificationId, reminder.id));
    expect(held.map((d) => [d.recipient, d.status])).toEqual([["soc@a.test", "held"]]);
  });

  it("stops at the resolution", async () => {
    const db = testDb();
    const { accountId, post } = await seed(db);
    await post(escalation, "w1");
    const schedule = createReminderSchedule(db);
    const anchor = (await reminderRow(db)).anchorAt;
    expect(await schedule.runDue(anchor + 4 * HOUR_MS)).toBe(1);
    await post({ ...escalation, status: "resolved" }, "w2");
    expect(await schedule.nextDueAt()).toBeNull();
    expect(await schedule.runDue(anchor + 100 * HOUR_MS)).toBe(0);
    expect(await reminderRow(db)).toMatchObject({ sent: 1, endedReason: "resolved" });
    expect(await reminderRows(db, accountId)).toHaveLength(1);
  });

  it("schedules nothing for a type whose reminders are off, and ends them when switched off", async () => {
    const db = testDb();
    const { post } = await seed(db);
    await post({ ...escalation, id: "esc_on" }, "w1");
    const settings = readStoredSettings(
      (await first(db.select().from(integrations).limit(1)))!.settings,
    );
    settings.types.escalation.reminders.enabled = false;
    await db.update(integrations).set({ settings });
    await post({ ...escalation, id: "esc_off" }, "w2");
    expect((await db.select().from(reminders)).map((r) => r.eventId)).toEqual(["esc_on"]);
    const schedule = createReminderSchedule(db);
    expect(await schedule.runDue(clock.now() + 5 * HOUR_MS)).toBe(0);
    expect(await reminderRow(db)).toMatchObject({
      sent: 0,
      endedReason: "switched_off",
    });
  });

  it("ends the reminders of an alert whose stored event no longer reads, and finds due rows by index", async () => {
    const db = testDb();
    const { post } = await seed(db);
    await post(escalation, "w1");
    await db.update(notifications).set({ payload: { broken: true } });
    expect(await createReminderSchedule(db).runDue(clock.now() + 5 * HOUR_MS)).toBe(0);
    expect(await reminderRow(db)).toMatchObject({ endedReason: "original_gone" });
    // The plan is SQLite's; PostgreSQL's planner picks by statistics, checked in no test.
    if (onPostgres) return;
    const plan = (await withConnection(db, (sqlite) =>
      sqlite
        .prepare(
          "explain query plan select id from reminders where next_due_at is not null and next_due_at <= ? limit 1",
        )
        .all(0),
    )) as { detail: string }[];
    expect(plan.map((row) => row.detail).join()).toMatch(
      /USING (COVERING )?INDEX reminders_due_idx/,
    );
  });

  it("sends a reminder due during an outage once, however many dispatchers start", {
    timeout: 30_000,
  }, async () => {
    const file = testDatabaseTarget();
    const dbA = openTestDatabase(file);
    const dbB = openTestDatabase(file);
    const { accountId, post } = await seed(dbA);
    for (let i = 0; i < 20; i++) await post({ ...escalation, id: `esc_${i}` }, `w${i}`);
    const a = createReminderSchedule(dbA);
    const b = createReminderSchedule(dbB);
    // Back after 9 hours: reminders 1 and 2 of each fell due; one goes out, numbered 2.
    const later = clock.now() + 9 * HOUR_MS;
    const counts = await Promise.all([a.runDue(later), b.runDue(later), a.runDue(later)]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(20);
    const sent = (
      await dbA.select().from(notifications).where(eq(notifications.accountId, accountId))
    ).filter((n) => n.followUpKey !== "");
    expect(sent.map((n) => n.followUpKey)).toEqual(Array(20).fill("reminder:2"));
    expect(new Set(sent.map((n) => n.eventId)).size).toBe(20);
    expect(await b.runDue(later)).toBe(0);
  });
});
