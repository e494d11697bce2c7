import { randomUUID } from "node:crypto";
import { addMember } from "@/db/accounts/members";
import { upsertOrganization } from "@/db/accounts/organizations";
import { createAccount } from "@/db/accounts/provision";
import { type DB, openDatabase } from "@/db/client";
import { currentSecret } from "@/db/webhook-secrets";
import { E2E } from "./env";

let database: DB | undefined;

/** The end-to-end server's own database file, opened beside it (WAL lets both write). */
export function e2eDb(): DB {
  database ??= openDatabase(E2E.databasePath);
  return database;
}

export type Credentials = { email: string; password: string };

export type TestAccount = {
  id: string;
  slug: string;
  name: string;
  webhookSecret: string;
  /** Default Notification Emails the account starts with. */
  defaults: string[];
  admin: Credentials;
  user: Credentials;
  organizations: { id: string; externalId: string; name: string }[];
};

/**
 * A fresh account per test, so that tests which change the (singular) Email Integration can
 * run in parallel without seeing each other's settings.
 */
export async function createTestAccount(
  options: { defaults?: string[]; organizations?: string[] } = {},
): Promise<TestAccount> {
  const db = e2eDb();
  const tag = randomUUID().slice(0, 8);
  const slug = `t-${tag}`;
  const name = `Test MSP ${tag}`;
  const defaults = options.defaults ?? [`soc-${tag}@example.test`];
  const id = await createAccount(db, { name, slug, defaults });
  const password = `pw-${randomUUID()}`;
  const admin = { email: `admin-${tag}@example.test`, password };
  const user = { email: `user-${tag}@example.test`, password };
  await addMember(db, id, { ...admin, name: "Test Admin", role: "admin" });
  await addMember(db, id, { ...user, name: "Test User", role: "user" });
  const organizations: TestAccount["organizations"] = [];
  for (const [i, orgName] of (options.organizations ?? ["Acme Dental", "Globex Legal"]).entries()) {
    const org = await upsertOrganization(db, id, `org_${tag}_${i}`, orgName);
    organizations.push({ id: org.id, externalId: org.externalId, name: org.name });
  }
  const secret = await currentSecret(db, id);
  if (!secret) throw new Error("a new account must have a webhook secret");
  return {
    id,
    slug,
    name,
    webhookSecret: secret.secret,
    defaults,
    admin,
    user,
    organizations,
  };
}
