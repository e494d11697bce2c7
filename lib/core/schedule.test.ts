import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTimeZone, localClock, localTime, nextDaily, nextHourly, zonedInstant } from "./schedule";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "America/Sao_Paulo",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "Australia/Sydney",
];
const zone = fc.constantFrom(...ZONES);
const instant = fc.integer({ min: at("2020-01-01T00:00:00Z"), max: at("2035-12-31T00:00:00Z") });
const timeOfDay = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

describe("time zone names", () => {
  it("accepts IANA names and refuses anything else", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});

describe("daily digests across DST changes", () => {
  it("is at 09:00 local on both sides of Berlin's spring-forward and fall-back", () => {
    expect(iso(nextDaily(at("2026-03-28T12:00:00Z"), "09:00", "Europe/Berlin"))).toBe(
      "2026-03-29T07:00:00.000Z",
    );
    expect(iso(nextDaily(at("2026-03-27T12:00:00Z"), "09:00", "Europe/Berlin"))).toBe(
      "2026-03-28T08:00:00.000Z",
    );
    expect(iso(nextDaily(at("2026-10-24T12:00:00Z"), "09:00", "Europe/Berlin"))).toBe(
      "2026-10-25T08:00:00.000Z",
    );
    expect(iso(nextDaily(at("2026-10-23T12:00:00Z"), "09:00", "Europe/Berlin"))).toBe(
      "2026-10-24T07:00:00.000Z",
    );
  });

  it("resolves a nonexistent 02:30 forward, and a repeated one to its first occurrence", () => {
    // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30 does not exist, 03:30 CEST is 01:30Z.
    expect(iso(nextDaily(at("2026-03-28T12:00:00Z"), "02:30", "Europe/Berlin"))).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30 happens at 00:30Z and 01:30Z.
    expect(iso(nextDaily(at("2026-10-24T12:00:00Z"), "02:30", "Europe/Berlin"))).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    // Between the two occurrences, the next one is the next day's: one digest a day.
    expect(iso(nextDaily(at("2026-10-25T01:00:00Z"), "02:30", "Europe/Berlin"))).toBe(
      "2026-10-26T01:30:00.000Z",
    );
  });

  it("property: the next daily time is after now, within a day and an hour, at that local time", () => {
    fc.assert(
      fc.property(instant, timeOfDay, zone, (now, time, tz) => {
        const due = nextDaily(now, time, tz);
        expect(due).toBeGreaterThan(now);
        expect(due - now).toBeLessThanOrEqual(25 * 3_600_000);
        const reads = localClock(due, tz);
        if (reads !== time) {
          // Only in a gap: the clock jumped forward just before, over the time asked for.
          expect(offset(due, tz)).toBeGreaterThan(offset(due - 3 * 3_600_000, tz));
        }
        // And nothing earlier after `now` reads that time.
        const previous = nextDaily(now - 1, time, tz);
        expect(previous <= due).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("property: successive daily digests are one local day apart", () => {
    fc.assert(
      fc.property(instant, timeOfDay, zone, (now, time, tz) => {
        const first = nextDaily(now, time, tz);
        const second = nextDaily(first, time, tz);
        const a = localTime(first, tz);
        const b = localTime(second, tz);
        const dayA = Date.UTC(a.year, a.month - 1, a.day);
        const dayB = Date.UTC(b.year, b.month - 1, b.day);
        expect(dayB - dayA).toBe(86_400_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe("hourly digests", () => {
  it("is on the local top of the hour, also in half- and quarter-hour zones", () => {
    expect(iso(nextHourly(at("2026-12-02T13:46:00Z"), "UTC"))).toBe("2026-12-02T14:00:00.000Z");
    expect(iso(nextHourly(at("2026-12-02T14:00:00Z"), "UTC"))).toBe("2026-12-02T15:00:00.000Z");
    expect(iso(nextHourly(at("2026-12-02T13:46:00Z"), "Asia/Kolkata"))).toBe(
      "2026-12-02T14:30:00.000Z",
    );
    expect(iso(nextHourly(at("2026-12-02T13:46:00Z"), "Asia/Kathmandu"))).toBe(
      "2026-12-02T14:15:00.000Z",
    );
  });

  it("skips a local top of the hour that a half-hour clock change leaves out", () => {
    // Lord Howe Island springs forward from 02:00 to 02:30: after 01:10 the next is 03:00.
    expect(iso(nextHourly(at("2026-10-03T14:40:00Z"), "Australia/Lord_Howe"))).toBe(
      "2026-10-03T16:00:00.000Z",
    );
  });

  it("property: the next hour is after now, within an hour of the local clock, with the local minute at 0", () => {
    fc.assert(
      fc.property(instant, zone, (now, tz) => {
        const due = nextHourly(now, tz);
        expect(due).toBeGreaterThan(now);
        // A clock change in between moves the local hour by the change (Lord Howe: 30 min).
        const change = Math.abs(offset(due, tz) - offset(now, tz));
        expect(due - now).toBeLessThanOrEqual(3_600_000 + change);
        expect(localTime(due, tz).minute).toBe(0);
        expect(localTime(due, tz).second).toBe(0);
      }),
      { numRuns: 400 },
    );
  });
});

describe("zonedInstant", () => {
  it("property: every instant reads back as itself (to the minute)", () => {
    fc.assert(
      fc.property(instant, zone, (ms, tz) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        const t = localTime(minute, tz);
        const back = zonedInstant(t, tz);
        // A fold names two instants; the first is chosen, never a later one.
        expect(back <= minute).toBe(true);
        expect(localClock(back, tz)).toBe(localClock(minute, tz));
      }),
      { numRuns: 400 },
    );
  });
});

function offset(ms: number, tz: string): number {
  const t = localTime(ms, tz);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - ms;
}
