import { eq } from "drizzle-orm";
import { Webhook } from "svix";
import { beforeEach, describe, expect, it } from "vitest";
import { type DB, first } from "@/db/client";
import * as schema from "@/db/schema";
import { buildEmailEvent, type EmailEventType } from "@/e2e/resend-server/webhook-events";
import { testDb } from "@/lib/testing/db";
import { seedDelivery } from "@/lib/testing/deliveries";
import {
  type ResendEvent,
  toProviderEvent,
  verifyResendEvent,
} from "@/lib/transports/resend-events";
import { recordProviderEvent } from "./provider-events";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
let db: DB;

async function seed(
  id: string,
  status: schema.DeliveryStatus = "sent",
  providerMessageId: string | null = `re-${id}`,
) {
  await seedDelivery(db, { id, status, providerMessageId });
}

function event(
  type: EmailEventType,
  emailId: string,
  headers: Record<string, string> = {},
): ResendEvent {
  return buildEmailEvent(type, {
    id: emailId,
    from: "alerts@beacon.test",
    to: ["a@example.com"],
    subject: "s",
    headers,
    createdAt: new Date().toISOString(),
  }) as ResendEvent;
}

function delivery(id: string) {
  return first(db.select().from(schema.deliveries).where(eq(schema.deliveries.id, id)).limit(1));
}

function history(id: string) {
  return db.select().from(schema.deliveryEvents).where(eq(schema.deliveryEvents.deliveryId, id));
}

beforeEach(() => {
  db = testDb();
});

describe("recordProviderEvent", () => {
  it("records a delivered event and moves the delivery forward", async () => {
    await seed("d1", "sent");
    const outcome = await recordProviderEvent(
      db,
      toProviderEvent("msg_1", event("email.delivered", "re-d1")),
    );
    expect(outcome).toEqual({
      result: "recorded",
      deliveryId: "d1",
      status: "delivered",
      changed: true,
    });
    expect((await delivery("d1"))?.status).toBe("delivered");
    expect(await history("d1")).toEqual([
      expect.objectContaining({
        status: "delivered",
        source: "provider",
        providerEventId: "msg_1",
      }),
    ]);
  });

  it("records a replayed event once", async () => {
    await seed("d1", "sent");
    await recordProviderEvent(db, toProviderEvent("msg_1", event("email.delivered", "re-d1")));
    const again = await recordProviderEvent(
      db,
      toProviderEvent("msg_1", event("email.delivered", "re-d1")),
    );
    expect(again).toEqual({ result: "duplicate", deliveryId: "d1" });
    expect(await history("d1")).toHaveLength(1);
  });

  it("keeps delivered when a late email.sent arrives, but keeps the event in the history", async () => {
    await seed("d1", "sent");
    await recordProviderEvent(db, toProviderEvent("msg_1", event("email.delivered", "re-d1")));
    const late = await recordProviderEvent(
      db,
      toProviderEvent("msg_2", event("email.sent", "re-d1")),
    );
    expect(late).toMatchObject({ result: "recorded", status: "delivered", changed: false });
    expect((await delivery("d1"))?.status).toBe("delivered");
    expect((await history("d1")).map((e) => e.status).sort()).toEqual(["delivered", "sent"]);
  });

  it("lets a bounce after delivery win, with the bounce reason as the error", async () => {
    await seed("d1", "delivered");
    await recordProviderEvent(db, toProviderEvent("msg_b", event("email.bounced", "re-d1")));
    const row = await delivery("d1");
    expect(row?.status).toBe("bounced");
    expect(row?.lastError).toMatch(/^Permanent bounce \(General\): /);
    // a later delivery_delayed cannot undo it
    await recordProviderEvent(
      db,
      toProviderEvent("msg_late", event("email.delivery_delayed", "re-d1")),
    );
    expect((await delivery("d1"))?.status).toBe("bounced");
  });

  it.each([
    ["email.sent", "sent"],
    ["email.delivery_delayed", "delivery_delayed"],
    ["email.complained", "complained"],
    ["email.failed", "failed"],
  ] as const)("maps %s to %s", async (type, status) => {
    await seed("d1", "sending");
    await recordProviderEvent(db, toProviderEvent(`msg_${type}`, event(type, "re-d1")));
    expect((await delivery("d1"))?.status).toBe(status);
  });

  it("answers unmatched and writes nothing when no delivery has that provider id", async () => {
    await seed("d1", "sent");
    const outcome = await recordProviderEvent(
      db,
      toProviderEvent("msg_x", event("email.delivered", "re-unknown")),
    );
    expect(outcome).toEqual({ result: "unmatched" });
    expect(await db.select().from(schema.deliveryEvents)).toHaveLength(0);
  });

  it("finds a delivery whose provider id was never stored by the id Beacon put in its headers", async () => {
    await seed("d1", "sending", null);
    await recordProviderEvent(
      db,
      toProviderEvent(
        "msg_h",
        event("email.delivered", "re-new", { "X-Beacon-Delivery-Id": "d1" }),
      ),
    );
    expect(await delivery("d1")).toMatchObject({
      status: "delivered",
      providerMessageId: "re-new",
    });
  });

  it("does not let a header claim a delivery that already has another provider id", async () => {
    await seed("d1", "sent", "re-original");
    const outcome = await recordProviderEvent(
      db,
      toProviderEvent(
        "msg_h2",
        event("email.bounced", "re-other", { "X-Beacon-Delivery-Id": "d1" }),
      ),
    );
    expect(outcome).toEqual({ result: "unmatched" });
    expect((await delivery("d1"))?.status).toBe("sent");
  });

  it("ignores event types that say nothing about delivery", async () => {
    await seed("d1", "sent");
    const outcome = await recordProviderEvent(
      db,
      toProviderEvent("msg_o", event("email.opened", "re-d1")),
    );
    expect(outcome).toEqual({ result: "ignored", type: "opened" });
    expect(await history("d1")).toHaveLength(0);
  });
});

describe("verifyResendEvent", () => {
  function signed(body: string, secret = SECRET, at = new Date()) {
    const id = "msg_abc";
    return {
      id,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      signature: new Webhook(secret).sign(id, at, body),
    };
  }
  const body = JSON.stringify(event("email.delivered", "re-d1"));

  it("accepts a correctly signed body and parses it", () => {
    const result = verifyResendEvent(body, signed(body), SECRET);
    expect(result).toMatchObject({
      event: { providerEventId: "msg_abc", kind: "delivered", status: "delivered" },
    });
  });

  it("refuses a missing, wrong, stale or tampered signature", () => {
    expect(
      verifyResendEvent(body, { id: null, timestamp: null, signature: null }, SECRET),
    ).toHaveProperty("error");
    const other = "whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==";
    expect(verifyResendEvent(body, signed(body, other), SECRET)).toHaveProperty("error");
    const stale = signed(body, SECRET, new Date(Date.now() - 10 * 60 * 1000));
    expect(verifyResendEvent(body, stale, SECRET)).toHaveProperty("error");
    expect(verifyResendEvent(body.replace("re-d1", "re-d2"), signed(body), SECRET)).toHaveProperty(
      "error",
    );
  });

  it("refuses a signed body without data.email_id, naming the field", () => {
    const bad = JSON.stringify({ type: "email.delivered", data: {} });
    expect(verifyResendEvent(bad, signed(bad), SECRET)).toEqual({
      error: expect.stringContaining("data.email_id"),
    });
  });
});
