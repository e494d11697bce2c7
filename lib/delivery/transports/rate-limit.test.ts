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
  it("does not wait before it knows a limit", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer(clock);
    expect(await pacer.waitTurn()).toBe(0);
    expect(await pacer.waitTurn()).toBe(0);
  });

  it("spaces calls window/limit apart (plus the margin) once the limit is known", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    const started = clock.now();
    await pacer.waitTurn();
    clock.advance(20);
    pacer.observe(
      { "ratelimit-limit": "4", "ratelimit-remaining": "3", "ratelimit-reset": "1" },
      started,
    );
    // The next call goes 250 ms after the first one started, not after its answer.
    expect(await pacer.waitTurn()).toBe(230);
    expect(await pacer.waitTurn()).toBe(250);
  });

  it("learns a longer window from ratelimit-reset on a fresh window", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe(
      { "ratelimit-limit": "10", "ratelimit-remaining": "9", "ratelimit-reset": "60" },
      clock.now(),
    );
    expect(pacer.spacingMs).toBe(6000);
  });

  it("holds every call until the reset when nothing remains", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe(
      { "ratelimit-limit": "2", "ratelimit-remaining": "0", "ratelimit-reset": "1" },
      clock.now(),
    );
    expect(await pacer.waitTurn()).toBe(1000);
  });

  it("honours retry-after over its own spacing", async () => {
    const clock = fakeClock();
    const pacer = new ProviderPacer({ ...clock, margin: 0 });
    pacer.observe(
      {
        "ratelimit-limit": "5",
        "ratelimit-remaining": "4",
        "ratelimit-reset": "1",
        "retry-after": "4",
      },
      clock.now(),
    );
    expect(pacer.delayMs()).toBe(4000);
    expect(await pacer.waitTurn()).toBe(4000);
  });

  it("gives concurrent callers successive turns", async () => {
    const clock = fakeClock();
    // All three ask at the same instant: the clock does not move while they wait.
    const pacer = new ProviderPacer({ now: clock.now, sleep: async () => {}, margin: 0 });
    pacer.observe(
      { "ratelimit-limit": "5", "ratelimit-remaining": "4", "ratelimit-reset": "1" },
      clock.now(),
    );
    const waits = await Promise.all([pacer.waitTurn(), pacer.waitTurn(), pacer.waitTurn()]);
    expect(waits).toEqual([200, 400, 600]);
  });
});
