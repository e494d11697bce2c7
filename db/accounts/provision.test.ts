import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailIntegration } from "@/db/email-integration";
import { accounts, integrations } from "@/db/schema";
import { withConnection } from "@/db/sqlite/open";
import { currentSecret } from "@/db/webhook-secrets";
import { onPostgres, testDb } from "@/lib/testing/db";
import { upsertOrganization } from "./organizations";
import { createAccount } from "./provision";

describe("the Email Integration", () => {
  it("is created with the account, with a signing secret", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test"] });
    const rows = await db.select().from(integrations).where(eq(integrations.accountId, accountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kind).toBe("email");
    expect((await emailIntegration(db, accountId)).settings.defaults).toEqual(["soc@a.test"]);
  });

  it("is one per account, enforced by the database", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a" });
    const { settings } = await emailIntegration(db, accountId);
    // Drizzle wraps the engine's error (a DrizzleQueryError): SQLite's or PostgreSQL's is its cause.
    await expect(
      db.insert(integrations).values({ id: randomUUID(), accountId, kind: "email", settings }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/UNIQUE|unique constraint/) },
    });
  });

  // SQLite only: it replays a SQLite migration. PostgreSQL's schema began after the rule, so
  // no account there predates it.
  it.skipIf(onPostgres)(
    "is provisioned by migration for an account that predates the rule, with a secret",
    async () => {
      const db = testDb();
      await db.insert(accounts).values({ id: "old", name: "Old", slug: "old" });
      const migration = readFileSync(
        path.join("db", "migrations", "0002_read_models_and_deferred_render.sql"),
        "utf8",
      );
      const provisioning = migration
        .split("--> statement-breakpoint")
        .filter((statement) => /INSERT INTO `(integrations|webhook_secrets)`/.test(statement));
      const provision = () =>
        withConnection(db, (sqlite) => {
          for (const statement of provisioning) sqlite.exec(statement);
        });
      await provision();
      expect((await emailIntegration(db, "old")).settings.defaults).toEqual([]);
      expect((await currentSecret(db, "old"))?.secret).toMatch(/^whsec_/);
      // Running it again (a restart) adds nothing.
      await provision();
      expect(
        await db.select().from(integrations).where(eq(integrations.accountId, "old")),
      ).toHaveLength(1);
    },
  );
});

describe("organizations", () => {
  it("are added on first sight and renamed when the platform renames them", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a" });
    const created = await upsertOrganization(db, accountId, "org_1", "Acme");
    const same = await upsertOrganization(db, accountId, "org_1", "Acme");
    const renamed = await upsertOrganization(db, accountId, "org_1", "Acme Dental");
    expect(same.id).toBe(created.id);
    expect(renamed.id).toBe(created.id);
    expect(renamed.name).toBe("Acme Dental");
  });

  it("with the same platform id in two accounts stay two organizations", async () => {
    const db = testDb();
    const a = await createAccount(db, { name: "A", slug: "a" });
    const b = await createAccount(db, { name: "B", slug: "b" });
    expect((await upsertOrganization(db, a, "org_1", "X")).id).not.toBe(
      (await upsertOrganization(db, b, "org_1", "X")).id,
    );
  });
});
