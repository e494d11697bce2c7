import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { Webhook } from "svix";
import { beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { buildEmailEvent, type EmailEventType } from "@/e2e/resend-server/webhook-events";
import { seedDelivery } from "@/lib/testing/deliveries";

// The route handler, called as Next calls it, on its own database file.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
process.env.DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), "beacon-webhook-")), "t.db");
process.env.RESEND_WEBHOOK_SECRET = SECRET;

let POST: (request: Request) => Promise<Response>;
let db: typeof import("@/db/client")["db"];

beforeAll(async () => {
  ({ POST } = await import("@/app/api/webhooks/resend/route"));
  ({ db } = await import("@/db/client"));
  seedDelivery(db, { id: "d1", providerMessageId: "re-1", recipient: "a@example.com" });
});

function body(type: EmailEventType, emailId = "re-1") {
  return JSON.stringify(
    buildEmailEvent(type, {
      id: emailId,
      from: "alerts@beacon.test",
      to: ["a@example.com"],
      subject: "s",
      headers: {},
      createdAt: new Date().toISOString(),
    }),
  );
}

function request(raw: string, headers: Record<string, string>) {
  return new Request("http://localhost/api/webhooks/resend", {
    method: "POST",
    body: raw,
    headers,
  });
}

function signedRequest(raw: string, svixId: string, secret = SECRET) {
  const at = new Date();
  return request(raw, {
    "svix-id": svixId,
    "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
    "svix-signature": new Webhook(secret).sign(svixId, at, raw),
  });
}

function status() {
  return db.select().from(schema.deliveries).where(eq(schema.deliveries.id, "d1")).get()?.status;
}

function eventCount() {
  return db.select().from(schema.deliveryEvents).all().length;
}

describe("POST /api/webhooks/resend", () => {
  it("answers 400 to an unsigned or badly signed call and changes nothing", async () => {
    const raw = body("email.bounced");
    const unsigned = await POST(request(raw, {}));
    expect(unsigned.status).toBe(400);
    const wrong = await POST(
      signedRequest(raw, "msg_bad", "whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA=="),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      error: { code: "invalid_signature", message: expect.any(String) },
    });
    expect(status()).toBe("sent");
    expect(eventCount()).toBe(0);
  });

  it("records a signed event once, even when Svix delivers it twice", async () => {
    const raw = body("email.delivered");
    const first = await POST(signedRequest(raw, "msg_1"));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ result: "recorded", status: "delivered" });
    const replay = await POST(signedRequest(raw, "msg_1"));
    expect(await replay.json()).toMatchObject({ result: "duplicate" });
    expect(status()).toBe("delivered");
    expect(eventCount()).toBe(1);
  });

  it("answers 200 for a genuine event that matches no delivery", async () => {
    const response = await POST(signedRequest(body("email.delivered", "re-unknown"), "msg_2"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: "unmatched" });
  });
});
