import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "svix";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ResendServer, startResendServer } from "./server";

const KEY = "re_test_key";
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function email(to: string, subject = "Hello") {
  return { from: "Beacon <alerts@beacon.test>", to, subject, html: "<p>Hi</p>", text: "Hi" };
}

let server: ResendServer;

async function call(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

beforeAll(async () => {
  server = await startResendServer({ webhookSecret: SECRET });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.setRateLimit(null);
});

describe("POST /emails and /emails/batch", () => {
  it("accepts a valid email and lists it with its id and idempotency key", async () => {
    const res = await call("/emails", email("a@example.com"), { "idempotency-key": "k-1" });
    expect(res.status).toBe(200);
    const listed = server.emails();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: res.json.id,
      to: ["a@example.com"],
      idempotencyKey: "k-1",
    });
  });

  it("refuses calls without a bearer key (401) and with a key that is not re_ (403)", async () => {
    const missing = await fetch(`${server.url}/emails`, {
      method: "POST",
      body: JSON.stringify(email("a@example.com")),
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ name: "missing_api_key" });
    const wrong = await call("/emails", email("a@example.com"), { authorization: "Bearer sk_x" });
    expect(wrong.status).toBe(403);
    expect(server.emails()).toHaveLength(0);
  });

  it("answers 422 validation_error naming the field the contract rejects", async () => {
    const missingSubject = await call("/emails", {
      from: "a@beacon.test",
      to: "b@example.com",
      html: "x",
    });
    expect(missingSubject.status).toBe(422);
    expect(missingSubject.json).toMatchObject({ name: "validation_error", statusCode: 422 });
    expect(missingSubject.json.message).toContain("`subject`");

    const badTo = await call("/emails", { ...email("b@example.com"), to: ["ok@example.com", 7] });
    expect(badTo.json.message).toContain("`to`");

    const badAddress = await call("/emails", email("not-an-address"));
    expect(badAddress.status).toBe(422);
    expect(badAddress.json.message).toContain("`to`");
    expect(server.emails()).toHaveLength(0);
  });

  it("strict batch validation refuses the whole batch for one bad email", async () => {
    const res = await call("/emails/batch", [email("a@example.com"), email("broken")]);
    expect(res.status).toBe(422);
    expect(res.json.message).toContain("`[1].to`");
    expect(server.emails()).toHaveLength(0);
  });

  it("permissive batch validation accepts the good emails and lists the bad by index", async () => {
    const res = await call(
      "/emails/batch",
      [email("a@example.com"), email("broken"), email("c@example.com")],
      { "x-batch-validation": "permissive" },
    );
    expect(res.status).toBe(200);
    expect(res.json.data).toHaveLength(2);
    expect(res.json.errors).toEqual([{ index: 1, message: expect.stringContaining("`[1].to`") }]);
    expect(server.emails().map((e) => e.to[0])).toEqual(["a@example.com", "c@example.com"]);
  });

  it("refuses more than 100 emails in a batch", async () => {
    const batch = Array.from({ length: 101 }, (_, i) => email(`u${i}@example.com`));
    const res = await call("/emails/batch", batch);
    expect(res.status).toBe(422);
    expect(res.json.message).toMatch(/at most 100/);
  });
});

describe("Idempotency-Key", () => {
  it("returns the first answer for a repeat with the same body, sending nothing again", async () => {
    const body = [email("a@example.com"), email("b@example.com")];
    const first = await call("/emails/batch", body, { "idempotency-key": "batch-1" });
    const again = await call("/emails/batch", body, { "idempotency-key": "batch-1" });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(server.emails()).toHaveLength(2);
  });

  it("answers 409 invalid_idempotent_request for the same key with other content", async () => {
    await call("/emails/batch", [email("a@example.com")], { "idempotency-key": "batch-2" });
    const other = await call("/emails/batch", [email("z@example.com")], {
      "idempotency-key": "batch-2",
    });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ name: "invalid_idempotent_request" });
    expect(server.emails()).toHaveLength(1);
  });

  it("compares the exact bytes: the same emails serialised differently is other content", async () => {
    const body = [email("a@example.com")];
    await call("/emails/batch", JSON.stringify(body), { "idempotency-key": "bytes" });
    const spaced = await call("/emails/batch", JSON.stringify(body, null, 2), {
      "idempotency-key": "bytes",
    });
    expect(spaced.status).toBe(409);
  });

  it("remembers nothing for a refused request, so a corrected body may reuse the key", async () => {
    const bad = await call("/emails", email("broken"), { "idempotency-key": "fix-me" });
    expect(bad.status).toBe(422);
    const good = await call("/emails", email("a@example.com"), { "idempotency-key": "fix-me" });
    expect(good.status).toBe(200);
  });

  it("refuses a key longer than 256 characters", async () => {
    const res = await call("/emails", email("a@example.com"), {
      "idempotency-key": "k".repeat(257),
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ name: "invalid_idempotency_key" });
  });
});

describe("rate limit", () => {
  it("sends the ratelimit headers and a 429 with retry-after beyond the limit", async () => {
    server.setRateLimit(2);
    const first = await call("/emails", email("a@example.com"));
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    const second = await call("/emails", email("b@example.com"));
    expect(second.headers.get("ratelimit-remaining")).toBe("0");
    const third = await call("/emails", email("c@example.com"));
    expect(third.status).toBe(429);
    expect(third.json).toMatchObject({ name: "rate_limit_exceeded" });
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(server.emails()).toHaveLength(2);
  });

  it("lets a caller that waits as told through again", async () => {
    server.setRateLimit(5);
    for (let i = 0; i < 5; i++) await call("/emails", email(`u${i}@example.com`));
    const refused = await call("/emails", email("late@example.com"));
    expect(refused.status).toBe(429);
    await new Promise((r) => setTimeout(r, 250));
    const allowed = await call("/emails", email("late@example.com"));
    expect(allowed.status).toBe(200);
  });
});

describe("fault injection", () => {
  it("plays a queue of faults in order, one per call, then answers normally", async () => {
    server.faults.set({
      queue: [{ kind: "5xx" }, { kind: "429" }, { kind: "quota", name: "monthly_quota_exceeded" }],
    });
    const a = await call("/emails", email("a@example.com"));
    const b = await call("/emails", email("a@example.com"));
    const c = await call("/emails", email("a@example.com"));
    const d = await call("/emails", email("a@example.com"));
    expect([a.status, b.status, c.status, d.status]).toEqual([500, 429, 429, 200]);
    expect(b.json.name).toBe("rate_limit_exceeded");
    expect(b.headers.get("retry-after")).toBe("1");
    expect(c.json.name).toBe("monthly_quota_exceeded");
    expect(server.emails()).toHaveLength(1);
  });

  it("a 5xx after acceptance keeps the emails, and the retry with the key gets the first ids", async () => {
    server.faults.set({ queue: [{ kind: "5xx", after: true }] });
    const body = [email("a@example.com"), email("b@example.com")];
    const failed = await call("/emails/batch", body, { "idempotency-key": "lost-answer" });
    expect(failed.status).toBe(500);
    const retried = await call("/emails/batch", body, { "idempotency-key": "lost-answer" });
    expect(retried.status).toBe(200);
    const ids = (retried.json.data as { id: string }[]).map((d) => d.id);
    expect(server.emails().map((e) => e.id)).toEqual(ids);
  });

  it("drops the connection without an answer", async () => {
    server.faults.set({ queue: [{ kind: "drop" }] });
    await expect(call("/emails", email("a@example.com"))).rejects.toThrow();
    expect(server.requests()[0]).toMatchObject({ status: "drop", fault: "drop" });
    expect(server.emails()).toHaveLength(0);
  });

  it("hangs until the caller gives up", async () => {
    server.faults.set({ queue: [{ kind: "hang", after: true }] });
    const started = Date.now();
    await expect(
      fetch(`${server.url}/emails`, {
        method: "POST",
        headers: { authorization: `Bearer ${KEY}` },
        body: JSON.stringify(email("a@example.com")),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // after: true -> the email was accepted before the hang
    expect(server.emails()).toHaveLength(1);
  });

  it("is controlled over HTTP: POST /_control/faults, GET /_control/emails, POST /_control/reset", async () => {
    const set = await fetch(`${server.url}/_control/faults`, {
      method: "POST",
      body: JSON.stringify({ queue: [{ kind: "5xx", status: 503 }] }),
    });
    expect(await set.json()).toMatchObject({ queue: [{ kind: "5xx", status: 503 }] });
    expect((await call("/emails", email("a@example.com"))).status).toBe(503);
    await call("/emails", email("a@example.com"), { "idempotency-key": "ctl" });
    const listed = await (await fetch(`${server.url}/_control/emails`)).json();
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ to: ["a@example.com"], idempotencyKey: "ctl" });
    const summary = await (await fetch(`${server.url}/_control/emails?summary=1`)).json();
    expect(summary.data[0]).not.toHaveProperty("html");
    expect(summary.data[0]).toHaveProperty("subject", "Hello");
    await fetch(`${server.url}/_control/reset`, { method: "POST" });
    expect(server.emails()).toHaveLength(0);
  });

  it("refuses an unknown fault kind with 400", async () => {
    const res = await fetch(`${server.url}/_control/faults`, {
      method: "POST",
      body: JSON.stringify({ queue: [{ kind: "explode" }] }),
    });
    expect(res.status).toBe(400);
  });

  it("injects faults at the configured rates", async () => {
    server.faults.set({ rates: { "5xx": 1 } });
    expect((await call("/emails", email("a@example.com"))).status).toBe(500);
    server.faults.set({ rates: {} });
    expect((await call("/emails", email("a@example.com"))).status).toBe(200);
  });
});

describe("signed delivery events", () => {
  it("posts a Svix-signed event the app can verify with the whsec_ secret", async () => {
    const received: { headers: Record<string, string>; body: string }[] = [];
    const app = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ headers: req.headers as Record<string, string>, body });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/webhooks/resend`;
    try {
      const sent = await call("/emails", email("a@example.com"));
      const res = await fetch(`${server.url}/_control/events`, {
        method: "POST",
        body: JSON.stringify({ emailId: sent.json.id, type: "email.bounced", webhookUrl: url }),
      });
      expect(res.status).toBe(200);
      const [event] = received;
      expect(event).toBeDefined();
      const verified = new Webhook(SECRET).verify(event!.body, event!.headers) as {
        type: string;
        data: { email_id: string; bounce: { type: string } };
      };
      expect(verified.type).toBe("email.bounced");
      expect(verified.data.email_id).toBe(sent.json.id);
      expect(verified.data.bounce.type).toBe("Permanent");
      expect(() =>
        new Webhook("whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==").verify(event!.body, event!.headers),
      ).toThrow();
    } finally {
      await new Promise((r) => app.close(r));
    }
  });

  it("answers 404 for an email id it never accepted", async () => {
    const res = await fetch(`${server.url}/_control/events`, {
      method: "POST",
      body: JSON.stringify({
        emailId: "nope",
        type: "email.delivered",
        webhookUrl: "http://127.0.0.1:1/",
      }),
    });
    expect(res.status).toBe(404);
  });
});
