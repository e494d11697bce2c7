import { describe, expect, it } from "vitest";
import { exactWords, relativeWords } from "./relative-time";

describe("relative times", () => {
  const now = Date.UTC(2026, 11, 2, 10, 0, 0);
  it("say how long ago, in the largest whole unit", () => {
    expect(relativeWords(now - 3_000, now, "en")).toBe("now");
    expect(relativeWords(now - 45_000, now, "en")).toBe("45 seconds ago");
    expect(relativeWords(now - 3 * 60_000, now, "en")).toBe("3 minutes ago");
    expect(relativeWords(now - 5 * 3_600_000, now, "en")).toBe("5 hours ago");
    expect(relativeWords(now - 2 * 86_400_000, now, "en")).toBe("2 days ago");
    expect(relativeWords(now + 15 * 60_000, now, "en")).toBe("in 15 minutes");
  });
  it("give the exact time with its zone", () => {
    expect(exactWords(now, "en-US")).toMatch(
      /Dec 2, 2026.*\d{2}:00:00.*(UTC|GMT|[A-Z]{2,5}|[+-]\d)/,
    );
  });
});
