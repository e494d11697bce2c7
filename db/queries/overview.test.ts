import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { createRefusalRecorder } from "@/db/inbound-refusals";
import { intakeStoreFor } from "@/db/intake-store";
import { type DeliveryStatus, deliveries, inboundRefusals, integrations } from "@/db/schema";
import type { NotificationType } from "@/lib/core/events";
import { sampleEvent } from "@/lib/core/sample-events";
import { renderPending } from "@/lib/delivery/render-pending";
import { acceptEvent, acceptTestSend } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { testDb } from "@/lib/testing/db";
import { inboundLog } from "./inbound-log";
import { countersOf, HOUR_MS, hourlySeries, lastWebhooks } from "./overview";

type Account = { id: string; slug: string };
const NOW = Date.UTC(2026, 11, 2, 10, 30);
let db: DB;
let a: Account;
let b: Account;
let counter = 0;

async function notify(
  to: Account,
  options: { type?: NotificationType; resolved?: boolean; at?: number } = {},
) {
  counter += 1;
  const event = sampleEvent(options.type ?? "incident", options.resolved ? "resolved" : "open");
  event.id = `evt_${counter}`;
  const result = await acceptEvent(
    intakeStoreFor(db),
    to,
    { event, payload: event, webhookId: `wh_${counter}` },
    { now: () => options.at ?? NOW },
  );
  if (result.status === "conflict") throw new Error(result.message);
  // The counts and the search document are written when the dispatcher renders the email.
  await renderPending(db, renderContent, () => {});
  return result.notificationId;
}

async function setStatus(notificationId: string, status: DeliveryStatus) {
  await db.update(deliveries).set({ status }).where(eq(deliveries.notificationId, notificationId));
}

beforeEach(async () => {
  db = testDb();
  a = {
    id: await createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test"] }),
    slug: "a",
  };
  b = {
    id: await createAccount(db, { name: "B", slug: "b", defaults: ["soc@b.test"] }),
    slug: "b",
  };
});

describe("the overview's hourly counts", () => {
  it("counts the last 24 hours' alerts and their deliveries by outcome, per account", async () => {
    const delivered = await notify(a);
    const failed = await notify(a, { type: "escalation" });
    const dead = await notify(a, { at: NOW - 5 * HOUR_MS });
    await notify(a, { at: NOW - 30 * HOUR_MS }); // older than the day: only in the week
    await notify(b);
    await setStatus(delivered, "delivered");
    await setStatus(failed, "failed");
    await setStatus(dead, "dead");
    await setStatus(dead, "delivered"); // moved on: counted once, as it is now

    const day = await hourlySeries(db, a.id, 24, NOW);
    expect(day).toHaveLength(24);
    expect(countersOf(day)).toEqual({ received: 3, delivered: 2, failedOrDead: 1, suppressed: 0 });
    const current = day.at(-1);
    expect(current?.byType).toMatchObject({ incident: 1, escalation: 1 });
    expect(current?.byStatus).toMatchObject({ delivered: 1, failed: 1 });
    expect(current?.waiting).toBe(0);
    expect(day.at(-6)?.byStatus.delivered).toBe(1);
    expect(countersOf(await hourlySeries(db, a.id, 24 * 7, NOW)).received).toBe(4);
    expect(countersOf(await hourlySeries(db, b.id, 24, NOW)).received).toBe(1);
  });

  it("counts suppressed alerts and leaves test sends out", async () => {
    const { integration, settings } = await emailIntegration(db, a.id);
    const incident = { ...settings.types.incident, resolved: false };
    await db
      .update(integrations)
      .set({ settings: { ...settings, types: { ...settings.types, incident } } })
      .where(eq(integrations.id, integration.id));
    await notify(a, { resolved: true });
    await acceptTestSend(
      intakeStoreFor(db),
      a,
      { event: sampleEvent("incident", "open"), recipients: ["t@a.test"], organizationId: null },
      { now: () => NOW },
    );
    expect(countersOf(await hourlySeries(db, a.id, 24, NOW))).toEqual({
      received: 1,
      delivered: 0,
      failedOrDead: 0,
      suppressed: 1,
    });
  });
});

describe("the overview's waiting deliveries", () => {
  it("counts queued and sending per hour of their alert, test sends left out", async () => {
    await notify(a, { at: NOW - 2 * HOUR_MS });
    const sending = await notify(a, { at: NOW - 2 * HOUR_MS });
    await setStatus(sending, "sending");
    await setStatus(await notify(a, { at: NOW - 2 * HOUR_MS }), "delivered");
    await notify(b, { at: NOW - 2 * HOUR_MS });
    await acceptTestSend(
      intakeStoreFor(db),
      a,
      { event: sampleEvent("incident", "open"), recipients: ["t@a.test"], organizationId: null },
      { now: () => NOW },
    );
    const day = await hourlySeries(db, a.id, 24, NOW);
    expect(day.at(-3)?.waiting).toBe(2);
    expect(day.at(-1)?.waiting).toBe(0);
    expect(day.reduce((n, bucket) => n + bucket.waiting, 0)).toBe(2);
  });
});

describe("the last webhooks and the inbound request log", () => {
  it("shows accepted requests from the notifications and refused ones from their log", async () => {
    const recorder = createRefusalRecorder(db);
    const accepted = await notify(a, { at: Date.now() - 60_000 });
    recorder.record({
      accountId: a.id,
      webhookId: "msg_bad\u0000sig",
      endpoint: "single",
      status: 401,
      code: "unauthorized",
      message: "Missing or invalid webhook signature for this account.",
      fields: [],
      at: Date.now() - 1_000,
    });
    recorder.record({
      accountId: b.id,
      webhookId: "msg_b",
      endpoint: "single",
      status: 422,
      code: "invalid_event",
      message: "The event has invalid fields.",
      fields: [{ field: "host", message: "must not be empty" }],
      at: Date.now(),
    });
    expect((await inboundLog(db, a.id)).rows.filter((r) => r.outcome === "refused")).toEqual([]);
    await recorder.flush();

    const log = await inboundLog(db, a.id);
    expect(log.rows.map((r) => [r.outcome, r.status, r.webhookId])).toEqual([
      ["refused", 401, "msg_bad?sig"],
      ["accepted", 202, `wh_${counter}`],
    ]);
    expect(log.rows[1]?.notificationId).toBe(accepted);
    expect((await inboundLog(db, b.id)).rows[0]?.fields).toEqual([
      { field: "host", message: "must not be empty" },
    ]);
    expect((await inboundLog(db, a.id, { outcome: "accepted" })).rows).toHaveLength(1);

    const last = await lastWebhooks(db, a.id);
    expect(last.accepted?.getTime()).toBe(log.rows[1]?.at.getTime());
    expect(last.refused?.status).toBe(401);
  });

  it("keeps at most the newest rows per account and drops what a full queue can't take", async () => {
    const recorder = createRefusalRecorder(db, {
      maxQueue: 8,
      maxQueuedPerAccount: 5,
      maxRowsPerAccount: 3,
    });
    const base = Date.now() - 10_000;
    const results = Array.from({ length: 7 }, (_, i) =>
      recorder.record({
        accountId: a.id,
        webhookId: `msg_${i}`,
        endpoint: "batch",
        status: 413,
        code: "payload_too_large",
        message: "too large",
        fields: [],
        at: base + i,
      }),
    );
    expect(results).toEqual([true, true, true, true, true, false, false]);
    // Another account still has its share while the first one floods.
    expect(recorder.accepts(b.id)).toBe(true);
    expect(recorder.accepts(a.id)).toBe(false);
    await recorder.flush();
    expect(recorder.accepts(a.id)).toBe(true);
    expect((await inboundLog(db, a.id)).rows.map((r) => r.webhookId)).toEqual([
      "msg_4",
      "msg_3",
      "msg_2",
    ]);
  });

  it("forgets refusals older than 7 days", async () => {
    const recorder = createRefusalRecorder(db);
    const old = Date.now() - 8 * 24 * HOUR_MS;
    recorder.record({
      accountId: a.id,
      webhookId: "old",
      endpoint: "single",
      status: 401,
      code: "unauthorized",
      message: "x",
      fields: [],
      at: old,
    });
    await recorder.flush(old);
    const rows = () =>
      first(
        db.select({ n: count() }).from(inboundRefusals).where(eq(inboundRefusals.accountId, a.id)),
      );
    expect(await rows()).toEqual({ n: 1 });
    expect((await inboundLog(db, a.id)).rows).toEqual([]); // past the window already
    recorder.record({
      accountId: a.id,
      webhookId: "new",
      endpoint: "single",
      status: 401,
      code: "unauthorized",
      message: "x",
      fields: [],
      at: Date.now(),
    });
    await recorder.flush();
    expect(await rows()).toEqual({ n: 1 });
    expect((await inboundLog(db, a.id)).rows.map((r) => r.webhookId)).toEqual(["new"]);
  });
});
