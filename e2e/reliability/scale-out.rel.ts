import { expect, type Page, test } from "@playwright/test";
import { Client } from "pg";
import { type PostgresCluster, startPostgresCluster } from "@/lib/testing/postgres-cluster";
import { type ResendServer, startResendServer } from "../resend-server/server";
import { type AppProcess, startApp, startWorker } from "../support/app-process";
import { E2E } from "../support/env";
import { postSigned, uniqueEvent } from "../support/webhooks";
import { FULL, PORTS, postUntilAnswered, report, until } from "./support";

/*
 * Part 7, scale-out (issue 10): the product as an operator runs it on PostgreSQL, two web
 * instances (no dispatcher of their own) and two `npm run worker` processes on one database,
 * the local Resend server behind them. A session made on one instance works on the other,
 * the settings saved on one route what the other accepts, and processes killed mid-burst
 * lose nothing and send nothing twice.
 */
test.describe.configure({ mode: "serial" });

const EVENTS = FULL ? 3000 : 1000;
const CALLERS = 16;
const RECIPIENTS = ["lead@scale.test", "soc@scale.test"];
const admin = { email: "admin@demo.test", password: E2E.demoAdminPassword };
const demoAccount = { slug: "demo", secret: E2E.demoWebhookSecret };

let cluster: PostgresCluster;
let resend: ResendServer;
let database: Client;
const apps: AppProcess[] = [];
const workers: AppProcess[] = [];
let appEnv: Record<string, string>;
let workerEnv: Record<string, string>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startPostgresCluster({ database: "beacon" });
  resend = await startResendServer({ rps: 0 });
  const shared = {
    DATABASE_URL: cluster.url,
    // What every process of one deployment must share (README, "Running on PostgreSQL").
    BETTER_AUTH_SECRET: "scale-out-auth-secret-0123456789abcdef0123456789",
    BEACON_ENCRYPTION_KEY: E2E.encryptionKey,
    RESEND_API_KEY: "re_reliability_scale_out",
    RESEND_BASE_URL: resend.url,
    RESEND_TIMEOUT_MS: "1500",
    DISPATCH_RETRY_BASE_MS: "200",
    DISPATCH_RETRY_CAP_MS: "1000",
    // A killed worker's claims are taken over after this long.
    DISPATCH_LEASE_MS: "3000",
  };
  appEnv = {
    ...shared,
    DISPATCHER: "off",
    DEMO_WEBHOOK_SECRET: E2E.demoWebhookSecret,
    DEMO_ADMIN_PASSWORD: E2E.demoAdminPassword,
    DEMO_USER_PASSWORD: E2E.demoUserPassword,
  };
  workerEnv = shared;
  // Started together: both migrate and seed under PostgreSQL's advisory locks, one does it.
  apps.push(
    ...(await Promise.all([startApp(PORTS.scaleA, appEnv), startApp(PORTS.scaleB, appEnv)])),
  );
  workers.push(...(await Promise.all([startWorker(workerEnv), startWorker(workerEnv)])));
  database = new Client({ connectionString: cluster.url });
  await database.connect();
});

test.afterAll(async () => {
  await database?.end();
  await Promise.all([...apps, ...workers].map((process) => process.stop()));
  await resend?.close();
  await cluster?.stop();
});

async function count(query: string, values: unknown[] = []): Promise<number> {
  const result = await database.query<{ n: number }>(`select count(*)::int as n ${query}`, values);
  return result.rows[0]?.n ?? 0;
}

/** Who the local Resend server emailed about a notification, sorted. */
function emailedAbout(notificationId: string): string[] {
  return resend
    .emails()
    .filter((email) => email.headers["X-Beacon-Notification-Id"] === notificationId)
    .flatMap((email) => email.to)
    .sort();
}

async function signInOn(page: Page, app: AppProcess) {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner")).toContainText("Demo MSP");
}

test("one portal on two instances: signed in on one, the settings saved there route what the other accepts", async ({
  page,
}) => {
  const [first, second] = apps as [AppProcess, AppProcess];
  expect(await count("from accounts"), "the demo data (two accounts) is seeded once").toBe(2);

  await signInOn(page, first);
  await page.goto(`${first.url}/integrations/email`);
  const defaults = page.getByRole("textbox", { name: "Default Notification Emails" });
  await page.getByRole("button", { name: "Remove soc@demo.test" }).click();
  for (const address of RECIPIENTS) {
    await defaults.fill(address);
    await defaults.press("Enter");
  }
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(
    page.getByRole("form", { name: "Email Integration settings" }).getByRole("status"),
  ).toHaveText(/Saved\./);

  const title = `Scale-out routing check ${Date.now()}`;
  const answer = await postSigned(
    "demo",
    E2E.demoWebhookSecret,
    uniqueEvent("incident", { title }),
    {
      baseURL: second.url,
    },
  );
  expect(answer.status()).toBe(202);
  const { id } = (await answer.json()) as { id: string };
  await until(
    "a worker to email the event",
    () => (emailedAbout(id).length >= RECIPIENTS.length ? true : undefined),
    30_000,
  );
  expect(emailedAbout(id)).toEqual(RECIPIENTS);

  // The session made on the first instance is good on the second (one database, one secret).
  await page.goto(`${second.url}/notifications`);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: title }) });
  await expect(row).toContainText(`${RECIPIENTS.length} sent`);
});

test("1,000 events posted to both instances while instances and a worker are SIGKILLed: each emailed exactly once per recipient", async () => {
  test.setTimeout(FULL ? 600_000 : 240_000);
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    webhookId: `msg_scale_${i}`,
    body: JSON.stringify(uniqueEvent("incident", { title: `Scale-out event ${i}` })),
  }));
  const accepted = new Map<number, string>();
  const refused: string[] = [];
  const counts = { requests: 0, unanswered: 0 };
  let next = 0;

  // A load balancer's view: each event goes to one instance; when it gets no answer (or a
  // 5xx) it is retried, same webhook-id, on the other.
  async function caller() {
    for (let index = next++; index < EVENTS; index = next++) {
      const at = (attempt: number) => apps[(index + attempt) % apps.length]!.url;
      const outcome = await postUntilAnswered(demoAccount, events[index]!, at, counts);
      if (outcome.accepted) accepted.set(index, outcome.id);
      else refused.push(`${index}: ${outcome.refusal}`);
    }
  }

  // Each kill lands at a point of the burst; the process is restarted at once, as a
  // supervisor would, while the other instance (or worker) carries on.
  const kills: {
    at: number;
    group: AppProcess[];
    index: number;
    start: () => Promise<AppProcess>;
  }[] = [
    { at: 0.25, group: apps, index: 0, start: () => startApp(PORTS.scaleA, appEnv) },
    { at: 0.5, group: workers, index: 0, start: () => startWorker(workerEnv) },
    { at: 0.75, group: apps, index: 1, start: () => startApp(PORTS.scaleB, appEnv) },
  ];
  let killed = 0;
  let sending = true;
  async function killer() {
    for (const kill of kills) {
      await until(
        "the burst to reach the next kill point",
        () => (accepted.size >= kill.at * EVENTS || !sending ? true : undefined),
        120_000,
        10,
      );
      await kill.group[kill.index]!.kill();
      killed++;
      kill.group[kill.index] = await kill.start();
    }
  }

  const started = Date.now();
  const killing = killer();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  sending = false;
  await killing;
  const burstMs = Date.now() - started;

  expect(refused, "no event may be refused").toEqual([]);
  expect(accepted.size).toBe(EVENTS);
  const ids = [...new Set(accepted.values())];
  expect(ids.length, "one notification per event").toBe(EVENTS);

  const expected = EVENTS * RECIPIENTS.length;
  await until(
    "every delivery of the burst to be sent",
    async () => {
      const sent = await count(
        "from deliveries where notification_id = any($1) and status = 'sent'",
        [ids],
      );
      return sent === expected ? true : undefined;
    },
    FULL ? 300_000 : 120_000,
    250,
  );
  const drainedMs = Date.now() - started;

  const received = new Map<string, number>();
  for (const email of resend.emails()) {
    for (const to of email.to) {
      const key = `${email.headers["X-Beacon-Notification-Id"]} ${to}`;
      received.set(key, (received.get(key) ?? 0) + 1);
    }
  }
  let lost = 0;
  let duplicated = 0;
  for (const id of ids) {
    for (const recipient of RECIPIENTS) {
      const times = received.get(`${id} ${recipient}`) ?? 0;
      if (times === 0) lost++;
      if (times > 1) duplicated += times - 1;
    }
  }
  report("scale-out", {
    "events sent": EVENTS,
    "requests (with retries)": counts.requests,
    "unanswered, retried": counts.unanswered,
    "kills survived": killed,
    "emails expected": expected,
    lost,
    duplicated,
    "burst s": (burstMs / 1000).toFixed(1),
    "all sent s": (drainedMs / 1000).toFixed(1),
  });

  expect(killed).toBe(kills.length);
  expect(
    await count(
      "from notifications where account_id = (select id from accounts where slug = 'demo') and title like 'Scale-out event %'",
    ),
  ).toBe(EVENTS);
  expect(lost).toBe(0);
  expect(duplicated).toBe(0);
});
