import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { testDb } from "@/lib/testing/db";
import { accounts, memberships, organizations } from "./schema";
import { seedDemoData } from "./seed";

describe("demo data", () => {
  afterEach(() => {
    delete process.env.DEMO_SEED;
    resetConfig();
  });

  it("creates the two accounts once", async () => {
    const db = testDb();
    expect(await seedDemoData(db)).toBe(true);
    expect(await seedDemoData(db)).toBe(false);
    expect(
      db
        .select()
        .from(accounts)
        .all()
        .map((a) => a.slug)
        .sort(),
    ).toEqual(["demo", "other"]);
    expect(
      db
        .select()
        .from(memberships)
        .all()
        .map((m) => m.role)
        .sort(),
    ).toEqual(["admin", "admin", "user"]);
    expect(db.select().from(organizations).all().length).toBeGreaterThanOrEqual(5);
  }, 20_000);

  it("is skipped with DEMO_SEED=0", async () => {
    process.env.DEMO_SEED = "0";
    resetConfig();
    const db = testDb();
    expect(await seedDemoData(db)).toBe(false);
    expect(db.select().from(accounts).all()).toEqual([]);
  });
});
