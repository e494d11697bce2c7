import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { addMember } from "@/db/accounts/members";
import { createAccount } from "@/db/accounts/provision";
import { closeDatabase, openDatabase } from "@/db/client";
import { webhookSecrets } from "@/db/schema";
import { expect, test } from "./fixtures";
import { type AppProcess, startApp } from "./support/app-process";
import { E2E } from "./support/env";

/**
 * A portal behind a TLS-terminating proxy (TRUST_PROXY=1), in its own process and database:
 * what the browser sees when the proxy says the request came over https.
 */
test.describe.configure({ mode: "serial" });

const PORT = E2E.port + 60;
const ADMIN = { email: "admin@proxy.test", password: "proxy-admin-password" };
let app: AppProcess | undefined;
let databasePath = "";

test.beforeAll(async () => {
  databasePath = path.join(mkdtempSync(path.join(tmpdir(), "beacon-proxy-")), "beacon.db");
  const db = openDatabase(databasePath);
  const accountId = await createAccount(db, { name: "Proxy MSP", slug: "proxy" });
  await addMember(db, accountId, { ...ADMIN, name: "Pat Proxy", role: "admin" });
  await closeDatabase(db);
  app = await startApp(PORT, { DATABASE_PATH: databasePath, DEMO_SEED: "0", TRUST_PROXY: "1" });
});

test.afterAll(async () => {
  await app?.stop();
});

const viaTls = { "x-forwarded-proto": "https", "x-forwarded-host": "beacon.example" };

test("over https (said by the trusted proxy) pages carry HSTS; over http they do not", async ({
  request,
}) => {
  const tls = await request.get(`${app!.url}/sign-in`, { headers: viaTls });
  expect(tls.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  const plain = await request.get(`${app!.url}/sign-in`);
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
});

test("over https the session cookie is Secure, and only the proxy's public origin may sign in", async ({
  request,
}) => {
  const foreign = await request.post(`${app!.url}/api/auth/sign-in/email`, {
    data: ADMIN,
    headers: { ...viaTls, origin: `http://127.0.0.1:${PORT}` },
  });
  expect(foreign.status()).toBe(403);

  const response = await request.post(`${app!.url}/api/auth/sign-in/email`, {
    data: ADMIN,
    headers: { ...viaTls, origin: "https://beacon.example" },
  });
  expect(response.status()).toBe(200);
  const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) expect(cookie.value).toMatch(/;\s*Secure/i);
});

test("the database file is 0600 and its webhook secrets are stored encrypted", async () => {
  expect(statSync(databasePath).mode & 0o777).toBe(0o600);
  const db = openDatabase(databasePath);
  const stored = await db.select({ secret: webhookSecrets.secret }).from(webhookSecrets);
  await closeDatabase(db);
  expect(stored.length).toBeGreaterThan(0);
  for (const row of stored) expect(row.secret).toMatch(/^enc:v1:/);
});
