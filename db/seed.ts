import { addMember } from "@/lib/accounts/members";
import { upsertOrganization } from "@/lib/accounts/organizations";
import { createAccount } from "@/lib/accounts/provision";
import { config } from "@/lib/config";
import { isWebhookSecret } from "@/lib/webhooks/secrets";
import type { DB, Executor } from "./client";
import { accounts } from "./schema";

export const DEMO_DEFAULTS = {
  adminPassword: "beacon-demo-admin",
  userPassword: "beacon-demo-user",
};

export function demoCredentials() {
  return {
    admin: {
      email: "admin@demo.test",
      password: config().DEMO_ADMIN_PASSWORD ?? DEMO_DEFAULTS.adminPassword,
    },
    user: {
      email: "user@demo.test",
      password: config().DEMO_USER_PASSWORD ?? DEMO_DEFAULTS.userPassword,
    },
    otherAdmin: {
      email: "admin@other.test",
      password: config().DEMO_ADMIN_PASSWORD ?? DEMO_DEFAULTS.adminPassword,
    },
  };
}

function addOrganizations(db: Executor, accountId: string, names: [string, string][]) {
  for (const [externalId, name] of names) upsertOrganization(db, accountId, externalId, name);
}

/**
 * Demo data for the quick start and the tests: two accounts so that isolation can be seen.
 * Runs only on a database with no account, unless DEMO_SEED=0.
 */
export async function seedDemoData(db: DB): Promise<boolean> {
  if (!config().DEMO_SEED) return false;
  if (db.select({ id: accounts.id }).from(accounts).limit(1).get()) return false;
  const creds = demoCredentials();
  const demoSecret = config().DEMO_WEBHOOK_SECRET;
  if (demoSecret && !isWebhookSecret(demoSecret)) {
    throw new Error("DEMO_WEBHOOK_SECRET must look like whsec_<base64>");
  }

  const demo = createAccount(db, {
    name: "Demo MSP",
    slug: "demo",
    webhookSecret: demoSecret || undefined,
    defaults: ["soc@demo.test"],
  });
  await addMember(db, demo, {
    email: creds.admin.email,
    name: "Dana Admin",
    password: creds.admin.password,
    role: "admin",
  });
  await addMember(db, demo, {
    email: creds.user.email,
    name: "Uri User",
    password: creds.user.password,
    role: "user",
  });
  addOrganizations(db, demo, [
    ["org_acme_dental", "Acme Dental"],
    ["org_globex_legal", "Globex Legal"],
    ["org_initech", "Initech"],
  ]);

  const other = createAccount(db, {
    name: "Other MSP",
    slug: "other",
    defaults: ["alerts@other.test"],
  });
  await addMember(db, other, {
    email: creds.otherAdmin.email,
    name: "Olga Other",
    password: creds.otherAdmin.password,
    role: "admin",
  });
  addOrganizations(db, other, [
    ["org_umbrella", "Umbrella Clinics"],
    ["org_hooli", "Hooli Retail"],
  ]);
  return true;
}
