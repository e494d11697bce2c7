import { describe, expect, it } from "vitest";
import { ProviderPacer, parseRetryAfterMs, readRateLimit } from "./rate-limit";

function fakeClock(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

describe("readRateLimit", () => {
  it("reads the IETF headers whatever their case, and retry-after as seconds or a date", () => {
    const reading = readRateLimit(
      {
        "RateLimit-Limit": "5",
        "ratelimit-remaining": "0",
        "ratelimit-reset": "2",
        "Retry-After": "3",
      },
      0,
    );
    expect(reading).toEqual({ limit: 5, remaining: 0, resetMs: 2000, retryAfterMs: 3000 });
    expect(
      parseRetryAfterMs("Fri, 27 Nov 2026 06:00:10 GMT", Date.parse("2026-11-27T06:00:00Z")),
    ).toBe(10_000);
    expect(readRateLimit(null)).toEqual({
      limit: null,
      remaining: null,
      resetMs: null,
      retryAfterMs: null,
    });
    expect(parseRetryAfterMs("soon")).toBeNull();
  });
});

describe("ProviderPacer", () => {
  const fresh = (limit: number, remaining: number, reset = 1) => ({
    "ratelimit-limit": String(limit),
    "ratelimit-remaining": String(remaining),
    "ratelimit-reset": String(reset),
  });

  it("does not wait before it knows a limit", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer(clock);
    expect(await pacer.waitTurn()).toBe(0);
    expect(await pacer.waitTurn()).toBe(0);
  });

  it("spaces calls window/limit apart when the limit leaves no spare token", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe(fresh(2, 1));
    expect(pacer.spacingMs).toBe(500);
    expect(await pacer.waitTurn()).toBe(500);
    expect(await pacer.waitTurn()).toBe(500);
  });

  it("uses spare tokens at once, keeps one in reserve, then goes at the even pace", async () => {
    const clock = fakeClock();
    // Every caller asks at the same instant: the clock does not move while they wait.
    const pacer = new ProviderPacer({ now: clock.now, sleep: async () => {}, margin: 0 });
    pacer.observe(fresh(5, 4));
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await pacer.waitTurn());
    expect(waits).toEqual([0, 0, 0, 200, 400]);
  });

  it("catches up after a late call instead of losing its slot", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe(fresh(5, 1)); // the bucket is nearly empty: even pace
    expect(await pacer.waitTurn()).toBe(200);
    clock.advance(500); // the caller came back late
    expect(await pacer.waitTurn()).toBe(0);
    expect(await pacer.waitTurn()).toBe(0);
  });

  it("believes the provider when it reports fewer calls left than it expected", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe(fresh(5, 4));
    pacer.observe(fresh(5, 1)); // another process spent the quota
    expect(pacer.delayMs()).toBe(200);
  });

  it("learns a longer window from ratelimit-reset on a fresh window", () => {
    const pacer = new ProviderPacer({ ...fakeClock(), margin: 0 });
    pacer.observe(fresh(10, 9, 60));
    expect(pacer.spacingMs).toBe(6000);
  });

  it("holds every call until the reset when nothing remains", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe(fresh(5, 0, 1));
    expect(await pacer.waitTurn()).toBe(1000);
  });

  it("honours retry-after over its own pace", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe({ ...fresh(5, 4), "retry-after": "4" });
    expect(pacer.delayMs()).toBe(4000);
    expect(await pacer.waitTurn()).toBe(4000);
  });

  it("adds its margin to the spacing", () => {
    const pacer = new ProviderPacer({ ...fakeClock(), margin: 0.05 });
    pacer.observe(fresh(5, 4));
    expect(pacer.spacingMs).toBeCloseTo(210);
  });
});
