import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first, openDatabase } from "@/db/client";
import {
  deliveries,
  integrations,
  mailboxMessages,
  notifications,
  organizations,
} from "@/db/schema";
import { currentSecret } from "@/db/webhook-secrets";
import { DIGEST_SUBJECT } from "@/lib/core/digest";
import { type EmailSettings, readStoredSettings } from "@/lib/core/settings";
import { expect, test } from "./fixtures";
import { type AppProcess, startApp } from "./support/app-process";
import { testClock } from "./support/clock";
import { E2E } from "./support/env";
import { postSigned, uniqueEvent } from "./support/webhooks";

/*
 * Digests over HTTP with a controlled clock: apps of their own (the clock moves only theirs),
 * the local mailbox transport, the database read beside them. Serial: each test starts and
 * stops its own portal processes on this file's ports.
 */
test.describe.configure({ mode: "serial" });

const PORT = E2E.port + 5;
const RECIPIENTS = ["soc@digest.test", "noc@digest.test"];

function hourlyNotices(settings: EmailSettings) {
  settings.types.account_notice.delivery = "hourly";
}

/** "2026-12-02T14:05": a moment as a datetime-local value in UTC (the account's zone here). */
const utcLocal = (ms: number) => new Date(ms).toISOString().slice(0, 16);

type World = {
  db: DB;
  env: Record<string, string>;
  clock: ReturnType<typeof testClock>;
  slug: string;
  secret: string;
  apps: AppProcess[];
};
let world: World | undefined;

async function setUp(change: (settings: EmailSettings) => void = hourlyNotices): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), "beacon-digests-"));
  const databasePath = path.join(dir, "beacon.db");
  const db = openDatabase(databasePath);
  const accountId = await createAccount(db, {
    name: "Digest MSP",
    slug: "digest",
    defaults: RECIPIENTS,
  });
  const row = await first(
    db.select().from(integrations).where(eq(integrations.accountId, accountId)).limit(1),
  );
  const settings = readStoredSettings(row?.settings);
  change(settings);
  await db
    .update(integrations)
    .set({ settings })
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")));
  const clock = testClock(dir);
  const env = { DATABASE_PATH: databasePath, DEMO_SEED: "0", BEACON_CLOCK_FILE: clock.file };
  const secret = (await currentSecret(db, accountId))?.secret ?? "";
  return { db, env, clock, slug: "digest", secret, apps: [await startApp(PORT, env)] };
}

test.afterEach(async () => {
  for (const app of world?.apps ?? []) await app.stop();
  world = undefined;
});

async function postNotices(w: World, count: number, organization = "Initech") {
  for (let i = 0; i < count; i++) {
    const event = uniqueEvent("account_notice", {
      organization: { id: `org_${organization.toLowerCase()}`, name: organization },
      title: `Notice ${i} for ${organization}`,
    });
    const answer = await postSigned(w.slug, w.secret, event, { baseURL: w.apps[0]?.url });
    expect(answer.status()).toBe(202);
  }
}

const mailbox = async (w: World) => await w.db.select().from(mailboxMessages);
const digestsIn = async (w: World) =>
  (await mailbox(w)).filter((m) => DIGEST_SUBJECT.test(m.subject));
const statusCount = async (w: World, status: "held" | "digested") =>
  (await w.db.select().from(deliveries).where(eq(deliveries.status, status))).length;

/** Moves the apps' clock to just past the slot the held deliveries wait for. */
async function passTheSlot(w: World) {
  const slot = (
    await first(
      w.db
        .select({ at: deliveries.nextAttemptAt })
        .from(deliveries)
        .where(eq(deliveries.status, "held"))
        .limit(1),
    )
  )?.at;
  if (!slot) throw new Error("nothing is held");
  await w.clock.advance(slot.getTime() - w.clock.now() + 1_000);
}

test("an hour's notices arrive as one digest per recipient at the hour; a critical incident at once", async () => {
  world = await setUp();
  const w = world;
  await postNotices(w, 4, "Initech");
  await postNotices(w, 2, "Globex");
  const incident = await postSigned(w.slug, w.secret, uniqueEvent("incident"), {
    baseURL: w.apps[0]?.url,
  });
  expect(incident.status()).toBe(202);

  // The incident (critical) goes at once, to each recipient; the notices wait.
  await expect.poll(async () => (await mailbox(w)).length).toBe(2);
  expect((await mailbox(w)).every((m) => m.subject.includes("Incident"))).toBe(true);
  expect(await statusCount(w, "held")).toBe(12);
  const held = await first(
    w.db
      .select({ heldFor: notifications.heldFor, reason: notifications.routeReason })
      .from(notifications)
      .where(eq(notifications.type, "account_notice"))
      .limit(1),
  );
  expect(held?.heldFor).toMatch(/^for the \d\d:00 digest$/);
  expect(held?.reason).toContain("Account Notices go out in an hourly digest");

  await passTheSlot(w);
  await expect.poll(async () => (await digestsIn(w)).length).toBe(2);
  const digests = await digestsIn(w);
  expect(digests.map((m) => m.to).sort()).toEqual([...RECIPIENTS].sort());
  for (const digest of digests) {
    expect(digest.subject).toContain("| 6 notifications from 2 organizations");
    expect(digest.text).toContain("Initech");
    expect(digest.text).toContain("Globex");
    expect(digest.text).toContain("Notice 3 for Initech");
  }
  expect(await statusCount(w, "digested")).toBe(12);
  expect(await statusCount(w, "held")).toBe(0);
  // An empty next hour sends nothing.
  await w.clock.advance(3_600_000);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await mailbox(w)).toHaveLength(4);
});

test("a digest due while the app was down goes out once on restart, with two dispatchers", async () => {
  world = await setUp();
  const w = world;
  await postNotices(w, 3);
  await expect.poll(() => statusCount(w, "held")).toBe(6);

  // Down before the hour, back after it: two portal processes (two dispatchers) on one file.
  const [first] = w.apps.splice(0);
  await first?.kill();
  await passTheSlot(w);
  w.apps.push(await startApp(PORT, w.env), await startApp(PORT + 1, w.env));

  await expect.poll(async () => (await digestsIn(w)).length).toBe(2);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const digests = await digestsIn(w);
  expect(digests.map((m) => m.to).sort()).toEqual([...RECIPIENTS].sort());
  expect(
    await w.db.select().from(notifications).where(eq(notifications.type, "digest")),
  ).toHaveLength(2);
  expect(await statusCount(w, "digested")).toBe(6);
});

test("a maintenance window on one organization holds its notices until it ends; critical and others go at once", async () => {
  const now = Date.now();
  world = await setUp((settings) => {
    settings.maintenanceWindows = [
      {
        id: "upgrade",
        organizationId: null,
        start: utcLocal(now - 3_600_000),
        end: utcLocal(now + 3_600_000),
        weekly: false,
        reason: "Firewall upgrade",
        endedEarly: null,
      },
    ];
  });
  const w = world;
  // The window is for one organization: the one the platform sends as org_initech.
  const initech = await first(
    w.db
      .insert(organizations)
      .values({
        id: "initech",
        accountId: await accountOf(w),
        externalId: "org_initech",
        name: "Initech",
      })
      .returning(),
  );
  await setWindowOrganization(w, initech!.id);

  await postNotices(w, 2, "Initech");
  await postNotices(w, 1, "Globex");
  const incident = await postSigned(
    w.slug,
    w.secret,
    uniqueEvent("incident", { organization: { id: "org_initech", name: "Initech" } }),
    { baseURL: w.apps[0]?.url },
  );
  expect(incident.status()).toBe(202);

  // Globex's notice and Initech's critical incident arrive at once; Initech's notices wait.
  await expect.poll(async () => (await mailbox(w)).length).toBe(4);
  expect(await statusCount(w, "held")).toBe(4);
  const held = (
    await w.db
      .select({ heldFor: notifications.heldFor, reason: notifications.routeReason })
      .from(notifications)
      .where(eq(notifications.organizationName, "Initech"))
  ).filter((row) => row.heldFor);
  expect(held).toHaveLength(2);
  expect(held[0]?.heldFor).toMatch(/^by a maintenance window until \d\d:\d\d$/);
  expect(held[0]?.reason).toContain("Maintenance window for Initech");
  expect(held[0]?.reason).toContain("Firewall upgrade");

  await passTheSlot(w);
  await expect.poll(async () => (await digestsIn(w)).length).toBe(2);
  for (const digest of await digestsIn(w)) {
    expect(digest.subject).toContain("| 2 notifications from 1 organization");
    expect(digest.text).toContain("Notice 1 for Initech");
  }
  expect(await statusCount(w, "digested")).toBe(4);
});

async function accountOf(w: World): Promise<string> {
  const row = await first(w.db.select({ id: integrations.accountId }).from(integrations).limit(1));
  if (!row) throw new Error("no account");
  return row.id;
}

async function setWindowOrganization(w: World, organizationId: string) {
  const row = await first(
    w.db.select().from(integrations).where(eq(integrations.kind, "email")).limit(1),
  );
  const settings = readStoredSettings(row?.settings);
  settings.maintenanceWindows = settings.maintenanceWindows.map((window) => ({
    ...window,
    organizationId,
  }));
  await w.db.update(integrations).set({ settings }).where(eq(integrations.kind, "email"));
}
