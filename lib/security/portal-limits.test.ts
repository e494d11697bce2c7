import { describe, expect, it } from "vitest";
import { testDb } from "@/lib/testing/db";
import { PORTAL_LIMITS, refuseOverLimit } from "./portal-limits";

describe("per-account limits on portal actions", () => {
  it("refuses the 6th Send test within a minute, for that account only, until the minute ends", async () => {
    const db = testDb();
    const start = 5_000_000;
    for (let i = 0; i < PORTAL_LIMITS["send-test"].max; i++) {
      expect(await refuseOverLimit(db, "send-test", "acc-a", start + i)).toBeNull();
    }
    expect(await refuseOverLimit(db, "send-test", "acc-a", start + 30_000)).toEqual({
      ok: false,
      message: "Too many test sends from this account: try again in 30 seconds.",
      retryAfterSeconds: 30,
    });
    // Another account, and another action of the same account, are unaffected.
    expect(await refuseOverLimit(db, "send-test", "acc-b", start + 30_000)).toBeNull();
    expect(await refuseOverLimit(db, "retry", "acc-a", start + 30_000)).toBeNull();
    expect(await refuseOverLimit(db, "send-test", "acc-a", start + 60_000)).toBeNull();
  });

  it("does not count refused attempts: hammering does not extend the wait", async () => {
    const db = testDb();
    for (let i = 0; i < PORTAL_LIMITS.retry.max; i++) await refuseOverLimit(db, "retry", "acc", 0);
    for (let i = 0; i < 100; i++)
      expect(await refuseOverLimit(db, "retry", "acc", 1_000)).not.toBeNull();
    expect(await refuseOverLimit(db, "retry", "acc", 60_000)).toBeNull();
  });
});
