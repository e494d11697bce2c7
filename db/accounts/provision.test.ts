import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailIntegration } from "@/db/email-integration";
import { accounts, integrations } from "@/db/schema";
import { currentSecret } from "@/db/webhook-secrets";
import { testDb } from "@/lib/testing/db";
import { upsertOrganization } from "./organizations";
import { createAccount } from "./provision";

describe("the Email Integration", () => {
  it("is created with the account, with a signing secret", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test"] });
    const rows = db.select().from(integrations).where(eq(integrations.accountId, accountId)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kind).toBe("email");
    expect(emailIntegration(db, accountId).settings.defaults).toEqual(["soc@a.test"]);
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
          settings: emailIntegration(db, accountId).settings,
        })
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it("is provisioned by migration for an account that predates the rule, with a secret", () => {
    const db = testDb();
    db.insert(accounts).values({ id: "old", name: "Old", slug: "old" }).run();
    const migration = readFileSync(
      path.join("db", "migrations", "0002_read_models_and_deferred_render.sql"),
      "utf8",
    );
    const provisioning = migration
      .split("--> statement-breakpoint")
      .filter((statement) => /INSERT INTO `(integrations|webhook_secrets)`/.test(statement));
    for (const statement of provisioning) db.$client.exec(statement);
    expect(emailIntegration(db, "old").settings.defaults).toEqual([]);
    expect(currentSecret(db, "old")?.secret).toMatch(/^whsec_/);
    // Running it again (a restart) adds nothing.
    for (const statement of provisioning) db.$client.exec(statement);
    expect(
      db.select().from(integrations).where(eq(integrations.accountId, "old")).all(),
    ).toHaveLength(1);
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
