import { verifyPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfig } from "@/lib/config";
import { testDb } from "@/lib/testing/db";
import { type DB, first } from "./client";
import { accounts, credentials, memberships, organizations, users } from "./schema";
import { seedDemoData } from "./seed";

async function passwordWorks(db: DB, email: string, password: string) {
  const row = await first(
    db
      .select({ hash: credentials.password })
      .from(credentials)
      .innerJoin(users, eq(users.id, credentials.userId))
      .where(eq(users.email, email))
      .limit(1),
  );
  return verifyPassword({ hash: row!.hash!, password });
}

describe("demo data", () => {
  afterEach(() => {
    delete process.env.DEMO_SEED;
    delete process.env.DEMO_ADMIN_PASSWORD;
    delete process.env.DEMO_USER_PASSWORD;
    vi.restoreAllMocks();
    resetConfig();
  });

  it("uses random passwords unless set, printed once: the published ones never work", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const db = testDb();
    expect(await seedDemoData(db)).toBe(true);
    expect(await passwordWorks(db, "admin@demo.test", "beacon-demo-admin")).toBe(false);
    expect(await passwordWorks(db, "user@demo.test", "beacon-demo-user")).toBe(false);
    const printed = log.mock.calls.map((call) => String(call[0])).join("\n");
    const admin = /admin@demo\.test \/ (\S+)/.exec(printed)?.[1];
    const user = /user@demo\.test {2}\/ (\S+)/.exec(printed)?.[1];
    expect(admin && (await passwordWorks(db, "admin@demo.test", admin))).toBe(true);
    expect(user && (await passwordWorks(db, "user@demo.test", user))).toBe(true);
    expect(admin && (await passwordWorks(db, "admin@other.test", admin))).toBe(true);

    // A second database gets other passwords.
    log.mockClear();
    const second = testDb();
    await seedDemoData(second);
    expect(await passwordWorks(second, "admin@demo.test", admin!)).toBe(false);
  }, 30_000);

  it("uses DEMO_ADMIN_PASSWORD and DEMO_USER_PASSWORD when set", async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    process.env.DEMO_ADMIN_PASSWORD = "chosen-admin-pw";
    process.env.DEMO_USER_PASSWORD = "chosen-user-pw";
    const db = testDb();
    await seedDemoData(db);
    expect(await passwordWorks(db, "admin@demo.test", "chosen-admin-pw")).toBe(true);
    expect(await passwordWorks(db, "user@demo.test", "chosen-user-pw")).toBe(true);
  }, 30_000);

  it("creates the two accounts once", async () => {
    const db = testDb();
    expect(await seedDemoData(db)).toBe(true);
    expect(await seedDemoData(db)).toBe(false);
    expect((await db.select().from(accounts)).map((a) => a.slug).sort()).toEqual(["demo", "other"]);
    expect((await db.select().from(memberships)).map((m) => m.role).sort()).toEqual([
      "admin",
      "admin",
      "user",
    ]);
    expect((await db.select().from(organizations)).length).toBeGreaterThanOrEqual(5);
  }, 20_000);

  it("is skipped with DEMO_SEED=0", async () => {
    process.env.DEMO_SEED = "0";
    resetConfig();
    const db = testDb();
    expect(await seedDemoData(db)).toBe(false);
    expect(await db.select().from(accounts)).toEqual([]);
  });
});
