import { expect, test } from "@playwright/test";
import { deliveries } from "@/db/schema";
import { type ResendServer, startResendServer } from "../resend-server/server";
import { type AppProcess, startApp } from "../support/app-process";
import { uniqueEvent } from "../support/webhooks";
import { FULL, freshWorld, PORTS, postUntilAnswered, report, until } from "./support";

/*
 * Part 1, crash: the app is SIGKILLed at random moments of a burst and restarted each time;
 * the callers retry every request that got no answer (or a 5xx) with the same webhook-id,
 * as a Standard Webhooks sender does. Every event answered 2xx must reach the local Resend
 * server exactly once per recipient.
 */
const EVENTS = FULL ? 2000 : 300;
const KILLS = FULL ? 12 : 4;
const CALLERS = 8;

test("SIGKILL during a burst: every accepted event is delivered exactly once per recipient", async () => {
  test.setTimeout(FULL ? 600_000 : 150_000);
  const recipients = ["soc@crash.test", "lead@crash.test"];
  const world = await freshWorld("crash", recipients);
  const server: ResendServer = await startResendServer({ rps: 0 });
  const env = {
    DATABASE_PATH: world.databasePath,
    DEMO_SEED: "0",
    RESEND_API_KEY: "re_reliability_crash",
    RESEND_BASE_URL: server.url,
    RESEND_TIMEOUT_MS: "1500",
    DISPATCH_RETRY_BASE_MS: "200",
    DISPATCH_RETRY_CAP_MS: "1000",
    // A killed dispatcher's claims are taken over after this long.
    DISPATCH_LEASE_MS: "3000",
  };
  let app: AppProcess = await startApp(PORTS.crash, env);
  const baseURL = app.url;

  const events = Array.from({ length: EVENTS }, (_, i) => ({
    webhookId: `msg_crash_${i}`,
    body: JSON.stringify(uniqueEvent("incident", { title: `Crash test event ${i}` })),
  }));
  const accepted = new Map<number, string>();
  const refused: string[] = [];
  const counts = { requests: 0, unanswered: 0 };
  let next = 0;

  async function caller() {
    for (let index = next++; index < EVENTS; index = next++) {
      const outcome = await postUntilAnswered(world, events[index]!, () => baseURL, counts);
      if (outcome.accepted) accepted.set(index, outcome.id);
      else refused.push(`${index}: ${outcome.refusal}`);
    }
  }

  // Kill points: random numbers of answered events, so the kills land all over the burst
  // (mid-intake, mid-commit, mid-dispatch), each with a random extra delay.
  const killAt = Array.from({ length: KILLS }, () => Math.floor(Math.random() * EVENTS * 0.9)).sort(
    (a, b) => a - b,
  );
  let kills = 0;
  let sending = true;
  async function killer() {
    for (const threshold of killAt) {
      await until(
        "the burst to reach the next kill point",
        () => (accepted.size >= threshold || !sending ? true : undefined),
        120_000,
        10,
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      await app.kill();
      kills++;
      app = await startApp(PORTS.crash, env);
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

  // Every delivery ends sent; then the provider's view is the one that counts.
  const expected = accepted.size * recipients.length;
  await until(
    "every delivery to be sent",
    async () => {
      const rows = await world.db.select({ status: deliveries.status }).from(deliveries);
      return rows.length === expected && rows.every((row) => row.status === "sent")
        ? true
        : undefined;
    },
    FULL ? 300_000 : 90_000,
    250,
  );

  const received = new Map<string, number>();
  for (const email of server.emails()) {
    const key = `${email.headers["X-Beacon-Notification-Id"]} ${email.to.join(",")}`;
    received.set(key, (received.get(key) ?? 0) + 1);
  }
  let lost = 0;
  let duplicated = 0;
  const ids = new Set(accepted.values());
  for (const id of ids) {
    for (const recipient of recipients) {
      const count = received.get(`${id} ${recipient}`) ?? 0;
      if (count === 0) lost++;
      if (count > 1) duplicated += count - 1;
    }
  }
  const stray = server.emails().length - (expected - lost + duplicated);
  report("crash", {
    "events sent": EVENTS,
    "requests (with retries)": counts.requests,
    "unanswered, retried": counts.unanswered,
    "kills survived": kills,
    "emails expected": expected,
    lost,
    duplicated,
    "burst s": (burstMs / 1000).toFixed(1),
  });
  await app.stop();
  await server.close();

  expect(ids.size, "one notification per event").toBe(EVENTS);
  expect(kills).toBe(KILLS);
  expect(lost).toBe(0);
  expect(duplicated).toBe(0);
  expect(stray, "emails for events that were never accepted").toBe(0);
});
