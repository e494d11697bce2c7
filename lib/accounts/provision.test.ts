import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { integrations } from "@/db/schema";
import { testDb } from "@/lib/testing/db";
import { upsertOrganization } from "./organizations";
import { createAccount, ensureEmailIntegration } from "./provision";

describe("the Email Integration", () => {
  it("is created with the account, with a signing secret", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test"] });
    const rows = db.select().from(integrations).where(eq(integrations.accountId, accountId)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kind).toBe("email");
    expect(rows[0]!.settings.defaults).toEqual(["soc@a.test"]);
  });

  it("is one per account, enforced by the database", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a" });
    expect(() =>
      db
        .insert(integrations)
        .values({
          id: randomUUID(),
          accountId,
          kind: "email",
          settings: ensureEmailIntegration(db, accountId).settings,
        })
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it("ensureEmailIntegration returns the existing one and is idempotent", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a" });
    const first = ensureEmailIntegration(db, accountId);
    expect(ensureEmailIntegration(db, accountId).id).toBe(first.id);
  });
});

describe("organizations", () => {
  it("are added on first sight and renamed when the platform renames them", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a" });
    const created = upsertOrganization(db, accountId, "org_1", "Acme");
    const same = upsertOrganization(db, accountId, "org_1", "Acme");
    const renamed = upsertOrganization(db, accountId, "org_1", "Acme Dental");
    expect(same.id).toBe(created.id);
    expect(renamed.id).toBe(created.id);
    expect(renamed.name).toBe("Acme Dental");
  });

  it("with the same platform id in two accounts stay two organizations", () => {
    const db = testDb();
    const a = createAccount(db, { name: "A", slug: "a" });
    const b = createAccount(db, { name: "B", slug: "b" });
    expect(upsertOrganization(db, a, "org_1", "X").id).not.toBe(
      upsertOrganization(db, b, "org_1", "X").id,
    );
  });
});
