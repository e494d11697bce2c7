import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { addMember } from "@/db/accounts/members";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first, openDatabase } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { accounts, deliveries, deliveryEvents } from "@/db/schema";
import { currentSecret } from "@/db/webhook-secrets";
import { type NotificationEvent, notificationEvent } from "@/lib/core/events";
import { readPause, resumeSending } from "@/lib/delivery/pause";
import { acceptTestSend } from "@/lib/intake/intake";
import { expect, test } from "./fixtures";
import { type ResendServer, startResendServer } from "./resend-server/server";
import { type AppProcess, startApp } from "./support/app-process";
import { E2E } from "./support/env";
import { postSigned, uniqueEvent } from "./support/webhooks";

/*
 * The portal sending through the real `resend` SDK to the local Resend-compatible server,
 * with faults injected. Each test gets its own portal process (so it can be killed) and
 * database; the tests of this file run one after the other.
 */
test.describe.configure({ mode: "serial" });

const RESEND_WEBHOOK_SECRET = "whsec_bG9jYWwtcmVzZW5kLWRlbGl2ZXJ5LWV2ZW50cy0zMg==";
const PORT = E2E.port + 50;
const ADMIN = { email: "admin@resend.test", password: "resend-admin-pw" };

type World = {
  db: DB;
  app: AppProcess;
  server: ResendServer;
  slug: string;
  secret: string;
  env: Record<string, string>;
};
let world: World | undefined;

async function setUp(recipients: string[], options: { autoEvents?: boolean } = {}): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), "beacon-resend-"));
  const databasePath = path.join(dir, "beacon.db");
  const db = openDatabase(databasePath);
  const accountId = await createAccount(db, {
    name: "Resend MSP",
    slug: "resend",
    defaults: recipients,
  });
  await addMember(db, accountId, { ...ADMIN, name: "Rita Resend", role: "admin" });
  const server = await startResendServer({
    rps: 5,
    webhookUrl: `http://127.0.0.1:${PORT}/api/webhooks/resend`,
    webhookSecret: RESEND_WEBHOOK_SECRET,
    autoEvents: options.autoEvents ?? false,
  });
  const env = {
    DATABASE_PATH: databasePath,
    DEMO_SEED: "0",
    RESEND_API_KEY: "re_local_test_key",
    RESEND_BASE_URL: server.url,
    RESEND_WEBHOOK_SECRET,
    RESEND_TIMEOUT_MS: "1500",
    DISPATCH_RETRY_BASE_MS: "200",
    DISPATCH_RETRY_CAP_MS: "1000",
    DISPATCH_LEASE_MS: "3000",
  };
  const app = await startApp(PORT, env);
  return {
    db,
    app,
    server,
    slug: "resend",
    secret: (await currentSecret(db, accountId))!.secret,
    env,
  };
}

test.afterEach(async () => {
  await world?.app.stop();
  await world?.server.close();
  world = undefined;
});

async function post(w: World, count: number) {
  for (let i = 0; i < count; i++) {
    const response = await postSigned(w.slug, w.secret, uniqueEvent("incident"), {
      baseURL: w.app.url,
    });
    expect(response.status()).toBe(202);
  }
}

async function signInAsAdmin(page: Page, url: string) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner")).toContainText("Resend MSP");
}

async function deliveryStatuses(w: World) {
  return (await w.db.select({ status: deliveries.status }).from(deliveries)).map((d) => d.status);
}

/** Every delivery reached Resend exactly once: one accepted email per delivery id. */
function expectExactlyOnce(w: World, expected: number) {
  const ids = w.server.emails().map((email) => email.headers["X-Beacon-Delivery-Id"]);
  expect(ids).toHaveLength(expected);
  expect(new Set(ids).size).toBe(expected);
}

test("5xx answers, hangs and dropped connections are retried and every email arrives once", async () => {
  world = await setUp(["soc@acme.test", "lead@acme.test"]);
  world.server.faults.set({
    queue: [
      { kind: "5xx" },
      { kind: "hang" },
      { kind: "drop", after: true },
      { kind: "5xx", after: true },
    ],
  });
  await post(world, 3);
  await expect
    .poll(() => deliveryStatuses(world!), { timeout: 30_000 })
    .toEqual(Array(6).fill("sent"));
  expectExactlyOnce(world, 6);
  const history = (await world.db.select().from(deliveryEvents)).map((e) => e.status);
  expect(history).toContain("retrying");
});

test("a 429 is waited out", async () => {
  world = await setUp(["soc@acme.test"]);
  world.server.faults.set({ queue: [{ kind: "429", retryAfter: 1 }] });
  await post(world, 1);
  await expect.poll(() => deliveryStatuses(world!), { timeout: 15_000 }).toEqual(["sent"]);
  const retry = await first(
    world.db.select().from(deliveryEvents).where(eq(deliveryEvents.status, "retrying")).limit(1),
  );
  expect(retry?.detail).toMatch(/429 rate_limit_exceeded/);
  expectExactlyOnce(world, 1);
});

test("a refused address fails at once with the provider's reason, shown in the log", async ({
  page,
}) => {
  // An address Resend refuses. The portal never routes to one (stored settings are validated
  // when read), so it arrives the way only a test send can: typed in, as Resend will judge it.
  world = await setUp(["good@acme.test"]);
  const account = (await first(
    world.db.select().from(accounts).where(eq(accounts.slug, "resend")).limit(1),
  ))!;
  await acceptTestSend(intakeStoreFor(world.db), account, {
    event: notificationEvent.parse(uniqueEvent("incident")) as NotificationEvent,
    recipients: ["good@acme.test", "broken@@acme.test"],
    organizationId: null,
  });
  await expect
    .poll(async () => (await deliveryStatuses(world!)).sort(), { timeout: 15_000 })
    .toEqual(["failed", "sent"]);
  expect(world.server.requests()).toHaveLength(1);

  await signInAsAdmin(page, world.app.url);
  await page.goto(`${world.app.url}/notifications`);
  await page
    .getByRole("link", { name: /Ransomware/ })
    .first()
    .click();
  await expect(page.getByRole("main")).toContainText("Resend refused it");
});

test("a daily quota error pauses sending until the operator resumes it", async ({ page }) => {
  world = await setUp(["soc@acme.test"]);
  world.server.faults.set({ queue: [{ kind: "quota", name: "daily_quota_exceeded" }] });
  await post(world, 2);
  await expect
    .poll(() => world!.server.requests().map((r) => r.status), { timeout: 10_000 })
    .toEqual([429]);
  // Nothing failed: each delivery waits, in the paused batch or still queued behind it.
  expect((await deliveryStatuses(world)).every((s) => s === "sending" || s === "queued")).toBe(
    true,
  );

  await signInAsAdmin(page, world.app.url);
  await page.goto(`${world.app.url}/notifications`);
  const banner = page
    .getByRole("main")
    .getByRole("alert")
    .filter({ hasText: "Email sending is paused" });
  await expect(banner).toContainText("the email provider's daily sending quota is used up");
  await expect(banner.locator("details")).toContainText("daily_quota_exceeded (HTTP 429)");
  await expect(banner.getByRole("button")).toHaveCount(0);
  expect((await readPause(world.db))?.reason).toContain("daily_quota_exceeded");
  expect(world.server.requests()).toHaveLength(1);

  // What `npm run resume-sending` does.
  await resumeSending(world.db);
  await expect.poll(() => deliveryStatuses(world!), { timeout: 15_000 }).toEqual(["sent", "sent"]);
  expectExactlyOnce(world, 2);
});

test("the app killed with SIGKILL mid-batch and restarted delivers every email exactly once", async () => {
  world = await setUp(["soc@acme.test", "lead@acme.test", "ciso@acme.test"]);
  // Resend accepts the batch, but the answer never comes back: the app dies waiting for it.
  world.server.faults.set({ queue: [{ kind: "hang", after: true }] });
  await post(world, 4);
  await expect.poll(() => world!.server.emails().length, { timeout: 15_000 }).toBeGreaterThan(0);
  await world.app.kill();
  const sentBeforeCrash = world.server.emails().length;

  world.app = await startApp(PORT, world.env);
  await expect
    .poll(() => deliveryStatuses(world!), { timeout: 30_000 })
    .toEqual(Array(12).fill("sent"));
  expectExactlyOnce(world, 12);
  // The call that died was made again, with the same key and the same bytes.
  const [first, ...later] = world.server.requests();
  const repeat = later.find((r) => r.idempotencyKey === first!.idempotencyKey);
  expect(repeat?.bodySha256).toBe(first!.bodySha256);
  expect(sentBeforeCrash).toBeGreaterThan(0);
});

test("delivery and bounce events update the log and flag the address", async ({ page }) => {
  world = await setUp(["soc@acme.test", "bounced@acme.test"], { autoEvents: true });
  await post(world, 1);
  await expect
    .poll(async () => (await deliveryStatuses(world!)).sort(), { timeout: 15_000 })
    .toEqual(["bounced", "delivered"]);

  await signInAsAdmin(page, world.app.url);
  await page.goto(`${world.app.url}/integrations/email`);
  const flagged = page.getByRole("region", { name: "Addresses that receive nothing" });
  await expect(flagged).toContainText("bounced@acme.test");
  await expect(flagged).not.toContainText("soc@acme.test");
});
