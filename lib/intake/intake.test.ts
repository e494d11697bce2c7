import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliveries, integrations, notifications } from "@/db/schema";
import { createAccount } from "@/lib/accounts/provision";
import type { NotificationEvent } from "@/lib/core/events";
import { testDb } from "@/lib/testing/db";
import { acceptEvent, acceptTestSend } from "./intake";

const event: NotificationEvent = {
  id: "inc_1",
  type: "incident",
  status: "open",
  organization: { id: "org_acme", name: "Acme Dental" },
  occurred_at: "2026-11-26T14:03:27Z",
  title: "Ransomware on DESKTOP-01",
  summary: "Files were being encrypted.",
  severity: "high",
  product: "EDR",
  host: "DESKTOP-01",
  report_url: "https://portal.beacon.test/reports/1",
};

function setup() {
  const db = testDb();
  const id = createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test", "lead@a.test"] });
  return { db, account: { id, slug: "a" } };
}

describe("acceptEvent", () => {
  it("stores the notification, renders it once, and queues one delivery per recipient", async () => {
    const { db, account } = setup();
    const result = await acceptEvent(db, account, {
      event,
      payload: { ...event, extra: 1 },
      webhookId: "w1",
      bodyHash: "h1",
    });
    expect(result).toMatchObject({ status: "queued", recipients: 2, duplicate: false });
    const row = db.select().from(notifications).get()!;
    expect(row.subject).toBe("Beacon EDR High Incident | Ransomware on DESKTOP-01 (Acme Dental)");
    expect(row.payload).toMatchObject({ extra: 1 });
    expect(
      db
        .select()
        .from(deliveries)
        .all()
        .map((d) => d.recipient)
        .sort(),
    ).toEqual(["lead@a.test", "soc@a.test"]);
  });

  it("keeps the recipients fixed at acceptance, whatever the settings become", async () => {
    const { db, account } = setup();
    await acceptEvent(db, account, { event, payload: event, webhookId: "w1", bodyHash: "h1" });
    const settings = db.select().from(integrations).get()!.settings;
    db.update(integrations)
      .set({ settings: { ...settings, defaults: ["new@a.test"] } })
      .run();
    expect(db.select().from(deliveries).all()).toHaveLength(2);
  });

  it("answers a repeat with the first answer, and refuses the same key with another body", async () => {
    const { db, account } = setup();
    const first = await acceptEvent(db, account, {
      event,
      payload: event,
      webhookId: "w1",
      bodyHash: "h1",
    });
    const sameWebhook = await acceptEvent(db, account, {
      event,
      payload: event,
      webhookId: "w1",
      bodyHash: "h1",
    });
    const sameEvent = await acceptEvent(db, account, {
      event,
      payload: event,
      webhookId: "w2",
      bodyHash: "h1",
    });
    const changed = await acceptEvent(db, account, {
      event,
      payload: event,
      webhookId: "w1",
      bodyHash: "h2",
    });
    expect(sameWebhook).toEqual({ ...first, duplicate: true });
    expect(sameEvent).toEqual({ ...first, duplicate: true });
    expect(changed.status).toBe("conflict");
    expect(db.select().from(deliveries).all()).toHaveLength(2);
  });

  it("settles concurrent twins to one notification", async () => {
    const { db, account } = setup();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        acceptEvent(db, account, { event, payload: event, webhookId: "w1", bodyHash: "h1" }),
      ),
    );
    expect(
      new Set(answers.map((a) => ("notificationId" in a ? a.notificationId : a.status))).size,
    ).toBe(1);
    expect(db.select().from(notifications).all()).toHaveLength(1);
  });

  it("suppresses a resolved event whose type has resolved mail off", async () => {
    const { db, account } = setup();
    const settings = db.select().from(integrations).get()!.settings;
    settings.types.incident.resolved = false;
    db.update(integrations).set({ settings }).where(eq(integrations.accountId, account.id)).run();
    const resolved = { ...event, status: "resolved" as const };
    const result = await acceptEvent(db, account, {
      event: resolved,
      payload: resolved,
      webhookId: "w9",
      bodyHash: "h9",
    });
    expect(result).toMatchObject({
      status: "suppressed",
      reason: expect.stringMatching(/switched off/),
    });
    expect(db.select().from(deliveries).all()).toEqual([]);
  });
});

describe("acceptTestSend", () => {
  it("sends to the chosen recipients, marked as a test, as often as asked", async () => {
    const { db, account } = setup();
    const one = await acceptTestSend(db, account, {
      event,
      recipients: ["me@a.test"],
      organizationId: null,
    });
    const two = await acceptTestSend(db, account, {
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
    const rows = db.select().from(notifications).all();
    expect(rows.every((row) => row.isTest && row.subject.startsWith("[Test] "))).toBe(true);
  });
});
