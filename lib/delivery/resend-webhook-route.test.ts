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
let first: typeof import("@/db/client")["first"];

beforeAll(async () => {
  ({ POST } = await import("@/app/api/webhooks/resend/route"));
  ({ db, first } = await import("@/db/client"));
  await seedDelivery(db, { id: "d1", providerMessageId: "re-1", recipient: "a@example.com" });
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

async function status() {
  return (
    await first(db.select().from(schema.deliveries).where(eq(schema.deliveries.id, "d1")).limit(1))
  )?.status;
}

async function eventCount() {
  return (await db.select().from(schema.deliveryEvents)).length;
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
    expect(await status()).toBe("sent");
    expect(await eventCount()).toBe(0);
  });

  it("records a signed event once, even when Svix delivers it twice", async () => {
    const raw = body("email.delivered");
    const first = await POST(signedRequest(raw, "msg_1"));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ result: "recorded", status: "delivered" });
    const replay = await POST(signedRequest(raw, "msg_1"));
    expect(await replay.json()).toMatchObject({ result: "duplicate" });
    expect(await status()).toBe("delivered");
    expect(await eventCount()).toBe(1);
  });

  it("answers 200 for a genuine event that matches no delivery", async () => {
    const response = await POST(signedRequest(body("email.delivered", "re-unknown"), "msg_2"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: "unmatched" });
  });

  it.each(["domain.updated", "contact.created"])(
    "acknowledges a signed %s event (not about an email) and records nothing",
    async (type) => {
      const before = await eventCount();
      const raw = JSON.stringify({ type, created_at: new Date().toISOString(), data: { id: "x" } });
      const response = await POST(signedRequest(raw, `msg_${type}`));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ result: "ignored", type });
      expect(await eventCount()).toBe(before);
    },
  );

  it("still refuses a signed email event with a broken body", async () => {
    const raw = JSON.stringify({ type: "email.delivered", data: {} });
    expect((await POST(signedRequest(raw, "msg_broken"))).status).toBe(400);
  });

  it("refuses a 10 MB chunked unsigned upload after reading about 256 KB, memory flat", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled === 160) return controller.close();
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await POST(
      new Request("http://localhost/api/webhooks/resend", {
        method: "POST",
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    // 160 chunks would be 10 MB; the limit is crossed at the fifth.
    expect(pulled).toBeLessThan(10);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(5 * 1024 * 1024);
  });
});
