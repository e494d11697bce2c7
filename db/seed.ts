import { randomBytes } from "node:crypto";
import { addMember } from "@/db/accounts/members";
import { upsertOrganization } from "@/db/accounts/organizations";
import { createAccount } from "@/db/accounts/provision";
import { isWebhookSecret } from "@/db/webhook-secrets";
import { config } from "@/lib/config";
import { type DB, type Executor, first } from "./client";
import { withAdvisoryLock } from "./postgres/open";
import { accounts } from "./schema";

/**
 * The demo accounts' sign-in. Their passwords are DEMO_ADMIN_PASSWORD / DEMO_USER_PASSWORD
 * when set, otherwise random ones, made when the demo data is created and printed once
 * then: a published default password would sign anyone on the network in.
 */
export function demoCredentials(generate = () => randomBytes(12).toString("base64url")) {
  const admin = process.env.DEMO_ADMIN_PASSWORD || generate();
  const user = process.env.DEMO_USER_PASSWORD || generate();
  return {
    admin: { email: "admin@demo.test", password: admin },
    user: { email: "user@demo.test", password: user },
    otherAdmin: { email: "admin@other.test", password: admin },
  };
}

function announce(creds: ReturnType<typeof demoCredentials>) {
  const generated = !process.env.DEMO_ADMIN_PASSWORD || !process.env.DEMO_USER_PASSWORD;
  console.log(`
  Beacon demo accounts${generated ? " (passwords generated now and shown only this once)" : ""}:
    Account Admin   ${creds.admin.email} / ${creds.admin.password}
    Account User    ${creds.user.email}  / ${creds.user.password}
    Other account   ${creds.otherAdmin.email} / ${creds.otherAdmin.password}
`);
}

async function addOrganizations(db: Executor, accountId: string, names: [string, string][]) {
  for (const [externalId, name] of names) await upsertOrganization(db, accountId, externalId, name);
}

/**
 * Demo data for the quick start and the tests: two accounts so that isolation can be seen.
 * Runs only on a database with no account, unless DEMO_SEED=0.
 */
export async function seedDemoData(db: DB): Promise<boolean> {
  if (!config().DEMO_SEED) return false;
  // Instances that start together on one PostgreSQL: the first seeds, the others find it done.
  return db.$engine === "postgres"
    ? withAdvisoryLock(db, SEED_LOCK, () => seedEmpty(db))
    : seedEmpty(db);
}

const SEED_LOCK = 4_242_002;

async function seedEmpty(db: DB): Promise<boolean> {
  if (await first(db.select({ id: accounts.id }).from(accounts).limit(1))) return false;
  const creds = demoCredentials();
  const demoSecret = config().DEMO_WEBHOOK_SECRET;
  if (demoSecret && !isWebhookSecret(demoSecret)) {
    throw new Error("DEMO_WEBHOOK_SECRET must look like whsec_<base64>");
  }

  const demo = await createAccount(db, {
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
  await addOrganizations(db, demo, [
    ["org_acme_dental", "Acme Dental"],
    ["org_globex_legal", "Globex Legal"],
    ["org_initech", "Initech"],
  ]);

  const other = await createAccount(db, {
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
  await addOrganizations(db, other, [
    ["org_umbrella", "Umbrella Clinics"],
    ["org_hooli", "Hooli Retail"],
  ]);
  announce(creds);
  return true;
}
