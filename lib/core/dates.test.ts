import { describe, expect, it } from "vitest";
import { formatWhen } from "./dates";

describe("formatWhen", () => {
  const when = new Date("2026-11-26T14:03:27Z");

  it("writes a time in UTC to the minute", () => {
    expect(formatWhen(when)).toBe("26 Nov 2026, 14:03 UTC");
    expect(formatWhen("2026-11-26T15:03:27+01:00")).toBe("26 Nov 2026, 14:03 UTC");
  });

  it("names the weekday and the second when asked", () => {
    expect(formatWhen(when, { weekday: true })).toBe("Thu, 26 Nov 2026, 14:03 UTC");
    expect(formatWhen(when, { seconds: true })).toBe("26 Nov 2026, 14:03:27 UTC");
    expect(formatWhen(new Date("2026-01-05T04:05:06Z"), { seconds: true })).toBe(
      "5 Jan 2026, 04:05:06 UTC",
    );
  });

  it("gives back a string that is not a date", () => {
    expect(formatWhen("yesterday")).toBe("yesterday");
  });
});
