import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries, integrations, notifications } from "@/db/schema";
import type { NotificationEvent } from "@/lib/core/events";
import { readStoredSettings } from "@/lib/core/settings";
import { testDb } from "@/lib/testing/db";
import { testIncident } from "@/lib/testing/events";
import { acceptEvent, acceptEvents, acceptTestSend } from "./intake";
import { StorageUnavailableError } from "./ports";

const event: NotificationEvent = testIncident();

function setup() {
  const db = testDb();
  const id = createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test", "lead@a.test"] });
  return { db, store: intakeStoreFor(db), account: { id, slug: "a" } };
}

function recipientsOf(db: ReturnType<typeof testDb>, notificationId: string) {
  return db
    .select()
    .from(deliveries)
    .where(eq(deliveries.notificationId, notificationId))
    .all()
    .map((d) => d.recipient)
    .sort();
}

function changeSettings(
  db: ReturnType<typeof testDb>,
  change: (s: ReturnType<typeof readStoredSettings>) => void,
) {
  const settings = readStoredSettings(db.select().from(integrations).get()!.settings);
  change(settings);
  db.update(integrations).set({ settings }).run();
}

describe("acceptEvent", () => {
  it("stores the notification with its subject and queues one delivery per recipient", async () => {
    const { db, store, account } = setup();
    const result = await acceptEvent(store, account, {
      event,
      payload: { ...event, extra: 1 },
      webhookId: "w1",
    });
    expect(result).toMatchObject({ status: "queued", recipients: 2, duplicate: false });
    const row = db.select().from(notifications).get()!;
    expect(row.subject).toBe("Beacon EDR High Incident | Ransomware on DESKTOP-01 (Acme Dental)");
    expect(row.payload).toMatchObject({ extra: 1 });
    // The email itself is rendered after the commit, by the dispatcher.
    expect(row.renderedAt).toBeNull();
    expect(recipientsOf(db, row.id)).toEqual(["lead@a.test", "soc@a.test"]);
  });

  it("keeps the recipients fixed at acceptance, whatever the settings become", async () => {
    const { db, store, account } = setup();
    const first = await acceptEvent(store, account, { event, payload: event, webhookId: "w1" });
    changeSettings(db, (settings) => {
      settings.defaults = ["new@a.test"];
    });
    const second = await acceptEvent(store, account, {
      event: { ...event, id: "inc_2" },
      payload: { ...event, id: "inc_2" },
      webhookId: "w2",
    });
    if (first.status !== "queued" || second.status !== "queued") throw new Error("not queued");
    expect(recipientsOf(db, first.notificationId)).toEqual(["lead@a.test", "soc@a.test"]);
    expect(recipientsOf(db, second.notificationId)).toEqual(["new@a.test"]);
  });

  it("answers a repeat with the first answer, and refuses the same key with another body", async () => {
    const { db, store, account } = setup();
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
    expect(db.select().from(deliveries).all()).toHaveLength(2);
  });

  it("keeps a single event's webhook-id apart from a batch item's", async () => {
    const { db, store, account } = setup();
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
    expect(db.select().from(notifications).all()).toHaveLength(2);
  });

  it("settles concurrent twins to one notification", async () => {
    const { db, store, account } = setup();
    const answers = await Promise.all(
      [1, 2, 3].map(() => acceptEvent(store, account, { event, payload: event, webhookId: "w1" })),
    );
    expect(
      new Set(answers.map((a) => ("notificationId" in a ? a.notificationId : a.status))).size,
    ).toBe(1);
    expect(db.select().from(notifications).all()).toHaveLength(1);
  });

  it("commits concurrent events together, each answered alone", async () => {
    const { db, store, account } = setup();
    const events = Array.from({ length: 50 }, (_, i) => ({ ...event, id: `inc_${i}` }));
    const answers = await acceptEvents(
      store,
      account,
      events.map((e, i) => ({ event: e, payload: e, webhookId: `w${i}` })),
    );
    expect(answers.every((a) => a.status === "queued")).toBe(true);
    expect(db.select().from(notifications).all()).toHaveLength(50);
    expect(db.select().from(deliveries).all()).toHaveLength(100);
  });

  it("rolls back a failing write alone: the others of its transaction commit", async () => {
    const { db, store, account } = setup();
    const good = acceptEvent(store, account, { event, payload: event, webhookId: "w1" });
    const bad = store.run(() => {
      throw new Error("boom");
    });
    await expect(bad).rejects.toThrow("boom");
    await expect(good).resolves.toMatchObject({ status: "queued" });
    expect(db.select().from(notifications).all()).toHaveLength(1);
  });

  it("refuses every event of a transaction the storage could not take, and stores none", async () => {
    const { db, store, account } = setup();
    db.$client.pragma("query_only = ON");
    await expect(
      acceptEvent(store, account, { event, payload: event, webhookId: "w1" }),
    ).rejects.toBeInstanceOf(StorageUnavailableError);
    db.$client.pragma("query_only = OFF");
    expect(db.select().from(notifications).all()).toHaveLength(0);
    // It recovers by itself once storage takes writes again.
    await expect(
      acceptEvent(store, account, { event, payload: event, webhookId: "w1" }),
    ).resolves.toMatchObject({ status: "queued", duplicate: false });
  });

  it("suppresses a resolved event whose type has resolved mail off", async () => {
    const { db, store, account } = setup();
    changeSettings(db, (settings) => {
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
    expect(db.select().from(deliveries).all()).toEqual([]);
  });
});

describe("acceptTestSend", () => {
  it("sends to the chosen recipients, marked as a test, as often as asked", async () => {
    const { db, store, account } = setup();
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
    const rows = db.select().from(notifications).all();
    expect(rows.every((row) => row.isTest && row.subject.startsWith("[Test] "))).toBe(true);
  });
});
