import { describe, expect, it } from "vitest";
import { testDb } from "@/lib/testing/db";
import { SIGN_IN_FAILURES, signInBlocked, signInFailed, signInSucceeded } from "./sign-in-throttle";

describe("failed sign-ins per email", () => {
  it("refuses the 11th within a minute and lets the address in again after the window", async () => {
    const db = testDb();
    const start = 1_000_000;
    for (let i = 0; i < SIGN_IN_FAILURES.max; i++) {
      expect((await signInBlocked(db, "Admin@Demo.test", start + i)).allowed).toBe(true);
      await signInFailed(db, "admin@demo.test", start + i);
    }
    const blocked = await signInBlocked(db, " admin@demo.test ", start + 20_000);
    expect(blocked).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect((await signInBlocked(db, "admin@demo.test", start + 60_000)).allowed).toBe(true);
  });

  it("treats an unknown address exactly like a known one, and a success clears the count", async () => {
    const db = testDb();
    for (let i = 0; i < SIGN_IN_FAILURES.max; i++) await signInFailed(db, "nobody@nowhere.test", i);
    expect((await signInBlocked(db, "nobody@nowhere.test", 100)).allowed).toBe(false);
    expect((await signInBlocked(db, "someone-else@nowhere.test", 100)).allowed).toBe(true);
    await signInSucceeded(db, "nobody@nowhere.test");
    expect((await signInBlocked(db, "nobody@nowhere.test", 100)).allowed).toBe(true);
  });
});
