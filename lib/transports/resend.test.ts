import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ResendServer, startResendServer } from "@/e2e/resend-server/server";
import type { BatchResult, OutboundEmail } from "@/lib/delivery/transport";
import { ProviderPacer } from "./rate-limit";
import { createResendTransport, DELIVERY_ID_HEADER, quotaResetAt } from "./resend";

let server: ResendServer;

beforeAll(async () => {
  server = await startResendServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.setRateLimit(null);
});

function outbound(n: number, prefix = "d"): OutboundEmail[] {
  return Array.from({ length: n }, (_, i) => ({
    deliveryId: `${prefix}-${i}`,
    from: "Beacon <alerts@beacon.test>",
    to: `user${i}@example.com`,
    subject: `Beacon EDR High Incident | Ransomware on HOST-${i} (Acme Dental)`,
    html: `<p>Incident ${i} – “quoted” ünïcode</p>`,
    text: `Incident ${i}`,
    headers: { "Auto-Submitted": "auto-generated", "X-Beacon-Notification-Id": `n-${i}` },
  }));
}

function transport(timeoutMs = 2000) {
  return createResendTransport({ apiKey: "re_test", baseUrl: server.url, timeoutMs });
}

function sha256(text: string) {
  return createHash("sha256").update(text).digest("hex");
}

function expectDone(result: BatchResult) {
  if (result.kind !== "done") throw new Error(`expected done, got ${JSON.stringify(result)}`);
  return result.outcomes;
}

describe("Resend transport against the local server", () => {
  it("sends a batch through the SDK with the stored bytes and maps each id to its delivery", async () => {
    const t = transport();
    const body = t.encode(outbound(3));
    const outcomes = expectDone(await t.send(body, "batch-key-1"));
    const accepted = server.emails();
    expect(accepted).toHaveLength(3);
    expect(outcomes).toEqual(
      accepted.map((email, i) => ({ deliveryId: `d-${i}`, ok: true, providerMessageId: email.id })),
    );
    expect(accepted[0]?.headers[DELIVERY_ID_HEADER]).toBe("d-0");
    expect(accepted[0]?.idempotencyKey).toBe("batch-key-1");
    // The SDK re-serialises the body: the server must have received exactly the stored bytes.
    expect(server.requests()[0]?.bodySha256).toBe(sha256(body));
  });

  it("finds the server through RESEND_BASE_URL when no baseUrl is given, as the SDK does", async () => {
    const previous = process.env.RESEND_BASE_URL;
    process.env.RESEND_BASE_URL = `${server.url}/`;
    try {
      const t = createResendTransport({ apiKey: "re_test" });
      expectDone(await t.send(t.encode(outbound(1)), "env-key"));
      expect(server.emails()).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.RESEND_BASE_URL;
      else process.env.RESEND_BASE_URL = previous;
    }
  });

  it("fails only the email the provider refuses (permissive validation)", async () => {
    const t = transport();
    const emails = outbound(3);
    emails[1]!.to = "not an address";
    const outcomes = expectDone(await t.send(t.encode(emails), "batch-key-2"));
    expect(outcomes[0]).toMatchObject({ deliveryId: "d-0", ok: true });
    expect(outcomes[1]).toMatchObject({ deliveryId: "d-1", ok: false, permanent: true });
    expect(outcomes[1]).toHaveProperty("error", expect.stringContaining("`[1].to`"));
    expect(outcomes[2]).toMatchObject({ deliveryId: "d-2", ok: true });
    expect(server.emails().map((e) => e.to[0])).toEqual(["user0@example.com", "user2@example.com"]);
  });

  it("asks to retry a 5xx, and the retry with the same body and key sends once", async () => {
    server.faults.set({ queue: [{ kind: "5xx" }, { kind: "5xx", status: 503, after: true }] });
    const t = transport();
    const body = t.encode(outbound(2));
    const first = await t.send(body, "k-5xx");
    expect(first).toMatchObject({ kind: "retry", error: expect.stringContaining("500") });
    const second = await t.send(body, "k-5xx");
    expect(second).toMatchObject({ kind: "retry", error: expect.stringContaining("503") });
    const outcomes = expectDone(await t.send(body, "k-5xx"));
    expect(server.emails()).toHaveLength(2);
    expect(outcomes.map((o) => (o.ok ? o.providerMessageId : null))).toEqual(
      server.emails().map((e) => e.id),
    );
    expect(new Set(server.requests().map((r) => r.bodySha256))).toEqual(new Set([sha256(body)]));
  });

  it("gives up on a hung call after the timeout and asks to retry", async () => {
    server.faults.set({ queue: [{ kind: "hang", after: true }] });
    const t = transport(300);
    const body = t.encode(outbound(1));
    const started = Date.now();
    const result = await t.send(body, "k-hang");
    expect(result).toEqual({ kind: "retry", error: "Resend did not answer within 300 ms." });
    expect(Date.now() - started).toBeLessThan(2000);
    // The provider took it before hanging: the retry must not send it twice.
    expectDone(await t.send(body, "k-hang"));
    expect(server.emails()).toHaveLength(1);
  });

  it("asks to retry a dropped connection", async () => {
    server.faults.set({ queue: [{ kind: "drop" }] });
    const t = transport();
    const result = await t.send(t.encode(outbound(1)), "k-drop");
    expect(result).toMatchObject({ kind: "retry", error: expect.stringContaining("network") });
    expect(result).not.toHaveProperty("retryAfterMs");
  });

  it("waits out a 429 rate_limit_exceeded as the provider says", async () => {
    server.faults.set({ queue: [{ kind: "429", retryAfter: 2 }] });
    const t = transport();
    const result = await t.send(t.encode(outbound(1)), "k-429");
    expect(result).toMatchObject({ kind: "retry", retryAfterMs: 2000 });
    expect(t.pacer.delayMs()).toBeGreaterThan(1500);
  });

  it("makes no call while Resend's retry-after is longer than it may wait, and says how long", async () => {
    server.faults.set({ queue: [{ kind: "429", retryAfter: 120 }] });
    const t = createResendTransport({
      apiKey: "re_test",
      baseUrl: server.url,
      maxPacingWaitMs: 1000,
    });
    const body = t.encode(outbound(1));
    expect(await t.send(body, "k-held")).toMatchObject({ kind: "retry", retryAfterMs: 120_000 });
    const held = await t.send(body, "k-held");
    expect(held).toMatchObject({ kind: "retry", error: expect.stringContaining("Held back") });
    if (held.kind !== "retry") throw new Error("unreachable");
    expect(held.retryAfterMs).toBeGreaterThan(118_000);
    expect(server.requests()).toHaveLength(1);
  });

  it("pauses on a daily or monthly quota instead of retrying", async () => {
    server.faults.set({
      queue: [
        { kind: "quota", name: "daily_quota_exceeded", retryAfter: 3600 },
        { kind: "quota", name: "monthly_quota_exceeded" },
      ],
    });
    const t = transport();
    const daily = await t.send(t.encode(outbound(1)), "k-q1");
    expect(daily).toMatchObject({ kind: "paused", error: expect.stringContaining("daily_quota") });
    if (daily.kind !== "paused") throw new Error("unreachable");
    expect(daily.untilMs).toBeGreaterThan(Date.now() + 3500_000);
    // A fresh transport: this one's pacer now (rightly) holds calls for the hour it was told.
    expect(t.pacer.delayMs()).toBeGreaterThan(3500_000);
    const monthly = await createResendTransport({ apiKey: "re_test", baseUrl: server.url }).send(
      t.encode(outbound(1)),
      "k-q2",
    );
    expect(monthly).toEqual({
      kind: "paused",
      error: expect.stringContaining("monthly_quota_exceeded"),
      untilMs: quotaResetAt(Date.now(), null),
    });
  });

  it("pauses a used-up quota until the provider's retry-after, else the next midnight UTC", () => {
    const evening = Date.UTC(2026, 11, 2, 22, 15, 30);
    expect(quotaResetAt(evening, null)).toBe(Date.UTC(2026, 11, 3, 0, 0, 0));
    expect(quotaResetAt(evening, 90_000)).toBe(evening + 90_000);
    // The last day of a year and of a month roll over to the next.
    expect(quotaResetAt(Date.UTC(2026, 11, 31, 23, 59, 59), null)).toBe(Date.UTC(2027, 0, 1));
    expect(quotaResetAt(Date.UTC(2026, 1, 28, 0, 0, 0), null)).toBe(Date.UTC(2026, 2, 1));
    // Just after midnight it is a whole day, never "now".
    expect(quotaResetAt(Date.UTC(2026, 5, 1, 0, 0, 0), null)).toBe(Date.UTC(2026, 5, 2));
  });

  it("rejects a call the provider finds invalid as a whole, with its reason", async () => {
    const t = transport();
    const result = await t.send(t.encode(outbound(1)), "k".repeat(300));
    expect(result).toEqual({
      kind: "rejected",
      error: expect.stringContaining("invalid_idempotency_key"),
    });
  });

  it("pauses when the provider refuses the API key", async () => {
    const t = createResendTransport({ apiKey: "sk_wrong", baseUrl: server.url });
    const result = await t.send(t.encode(outbound(1)), "k-auth");
    expect(result).toMatchObject({
      kind: "paused",
      error: expect.stringContaining("invalid_api_key"),
    });
  });

  it("refuses to encode more than 100 emails in one batch", () => {
    expect(() => transport().encode(outbound(101))).toThrow(/1 to 100/);
  });

  it("paces calls from the ratelimit headers so a steady sender never gets a 429", async () => {
    server.setRateLimit(5);
    const t = createResendTransport({
      apiKey: "re_test",
      baseUrl: server.url,
      pacer: new ProviderPacer(),
    });
    const started = Date.now();
    for (let i = 0; i < 9; i++) {
      expectDone(await t.send(t.encode(outbound(2, `b${i}`)), `pace-${i}`));
    }
    const elapsed = Date.now() - started;
    expect(server.requests().filter((r) => r.status === 429)).toHaveLength(0);
    // 9 calls against a bucket of 5 refilled one per 200 ms, one token kept in reserve:
    // four go at once, the other five at the even pace.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3000);
  });

  it("an unpaced burst over the limit does hit 429 (the server's limit is real)", async () => {
    server.setRateLimit(2);
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        createResendTransport({ apiKey: "re_test", baseUrl: server.url }).send(
          transport().encode(outbound(1, `burst${i}`)),
          `burst-${i}`,
        ),
      ),
    );
    expect(results.filter((r) => r.kind === "retry")).toHaveLength(1);
  });
});
