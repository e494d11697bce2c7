import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffMs, isExhausted, nextDelayMs, type RetryPolicy } from "./retry-policy";

const policy: RetryPolicy = { baseMs: 1000, capMs: 60_000, maxAttempts: 5, maxAgeMs: 3_600_000 };

describe("retry policy", () => {
  it("doubles the delay per attempt, within equal jitter", () => {
    expect(backoffMs(policy, 1, () => 0)).toBe(500);
    expect(backoffMs(policy, 1, () => 1)).toBe(1000);
    expect(backoffMs(policy, 2, () => 0)).toBe(1000);
    expect(backoffMs(policy, 3, () => 1)).toBe(4000);
  });

  it("never exceeds the cap and never retries at once", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempts, r) => {
          const delay = backoffMs(policy, attempts, () => r);
          return delay <= policy.capMs && delay >= policy.baseMs / 2;
        },
      ),
    );
  });

  it("honours the provider's retry-after over its own backoff", () => {
    expect(nextDelayMs(policy, 4, 2500)).toBe(2500);
    expect(nextDelayMs(policy, 1, undefined, () => 0)).toBe(500);
  });

  it("gives up after the maximum attempts or age", () => {
    expect(isExhausted(policy, 4, 0)).toBe(false);
    expect(isExhausted(policy, 5, 0)).toBe(true);
    expect(isExhausted(policy, 1, 3_600_000)).toBe(true);
  });
});
