/*
 * The dispatchers part of `npm run bench`: N dispatcher processes (lib/runtime/worker-cli.ts,
 * what `npm run worker` runs, each a process of its own) on one database, against the local
 * Resend server at its rate limit, on whichever engine this process runs on. The emails are
 * queued and rendered while the dispatchers are held (a provider pause), so the clock runs
 * from the release until the last delivery is accepted. Then it counts, at the provider and
 * in the database, that no work was claimed twice and every email arrived exactly once.
 */
import { createAccount } from "../db/accounts/provision";
import type { DB } from "../db/client";
import { intakeStoreFor } from "../db/intake-store";
import { sampleEvent } from "../lib/core/sample-events";
import { setPause } from "../lib/delivery/pause";
import { acceptEvent } from "../lib/intake/intake";
import { DELIVERY_ID_HEADER } from "../lib/transports/resend";
import {
  batchOwners,
  claimCounts,
  deliveriesWithStatus,
  deliveryIds,
  pendingDeliveries,
  unrenderedNotifications,
} from "./support/queries";
import { startResendServer, startWorker, type Worker } from "./support/server";

export type DispatchersOptions = {
  db: DB;
  /** Where the workers find the database: DATABASE_PATH or DATABASE_URL. */
  databaseEnv: Record<string, string>;
  dispatchers: number;
  emails: number;
  perNotification: number;
  /** The Resend server's limit (requests a second) and the transport's batch size. */
  rps: number;
  batch: number;
  log: (line: string) => void;
};

export type DispatchersRun = {
  dispatchers: number;
  /** Deliveries queued, one email each. */
  emails: number;
  /** Of those, sent before the deadline. */
  done: number;
  seconds: number;
  ceiling: number;
  /** Provider calls, and those answered 429. */
  calls: number;
  refusals: number;
  /** Emails the provider accepted for these deliveries, distinct deliveries among them. */
  received: number;
  distinct: number;
  /** Deliveries in the "sent" state at the end. */
  sent: number;
  claims: number;
  claimedTwice: number;
  unclaimed: number;
  retried: number;
  /** Batches seen being sent by each dispatcher (sampled while the run lasts). */
  batchesPerDispatcher: number[];
  /**
   * Dispatcher steps that threw (logged by the dispatcher, which goes on): a batch whose
   * settle failed waits for its lease to run out, then is sent again with the same key.
   */
  stepFailures: number;
  firstFailure?: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

export async function runDispatchers(options: DispatchersOptions): Promise<DispatchersRun> {
  const { db, dispatchers, emails, perNotification, rps, batch, log } = options;
  // A server of its own each run: no earlier emails, and its rate-limit bucket full.
  const resend = await startResendServer(rps);
  const workers: Worker[] = [];
  try {
    const slug = `bench-workers-${dispatchers}-${Date.now()}`;
    const defaults = Array.from({ length: perNotification }, (_, i) => `soc${i}@workers.test`);
    const accountId = await createAccount(db, { name: `Bench ×${dispatchers}`, slug, defaults });
    await setPause(db, { until: Date.now() + 30 * 60_000, reason: "bench: queueing" });
    for (let i = 0; i < Math.ceil(emails / perNotification); i++) {
      const event = sampleEvent("incident", "open", { id: "org_bench", name: "Bench Customer" });
      event.id = `${slug}_${i}`;
      const result = await acceptEvent(
        intakeStoreFor(db),
        { id: accountId, slug },
        { event, payload: event, webhookId: `${slug}_${i}` },
      );
      if (result.status !== "queued") throw new Error(`dispatchers event ${i}: ${result.status}`);
    }
    const total = await pendingDeliveries(db, accountId);

    const env = {
      ...options.databaseEnv,
      RESEND_API_KEY: "re_bench",
      RESEND_BASE_URL: resend.url,
    };
    const started = await Promise.allSettled(
      Array.from({ length: dispatchers }, () => startWorker(env)),
    );
    for (const result of started) if (result.status === "fulfilled") workers.push(result.value);
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    // Held, they render what was queued: the clock counts claiming, sending and settling.
    await waitFor(
      "rendering",
      async () => (await unrenderedNotifications(db, accountId)) === 0,
      120_000,
    );

    log(
      `  ${dispatchers} dispatcher process(es) (pids ${workers.map((w) => w.pid).join(", ")}): ${total} emails queued, provider at ${rps} requests/s × ${batch} = ${rps * batch}/s`,
    );
    const clock = performance.now();
    const since = new Date().toISOString();
    // The hold ends the way a pause ends by itself (its time is up), by a write every
    // dispatcher is woken by: on PostgreSQL the dispatch_state trigger NOTIFYs on insert and
    // update, not on the delete of clearPause (which the 2-second safety tick would catch).
    await setPause(db, { until: Date.now(), reason: "bench: go" });
    const owners = new Map<string, string>();
    const deadline = Date.now() + 10 * 60_000;
    while ((await pendingDeliveries(db, accountId)) > 0 && Date.now() < deadline) {
      for (const row of await batchOwners(db)) if (row.owner) owners.set(row.id, row.owner);
      await sleep(50);
    }
    const seconds = (performance.now() - clock) / 1000;
    const done = total - (await pendingDeliveries(db, accountId));
    const stopped = workers.splice(0);
    await Promise.all(stopped.map((worker) => worker.stop()));
    // What the dispatchers said went wrong (they log a step that threw, then go on).
    const failures = stopped.flatMap((worker) =>
      worker
        .output()
        .split("\n")
        .filter((line) => line.includes("step failed")),
    );

    const ids = await deliveryIds(db, accountId);
    const received = (
      (await (await fetch(`${resend.url}/_control/emails?summary=1`)).json()) as {
        data: { headers: Record<string, string> }[];
      }
    ).data
      .map((email) => email.headers[DELIVERY_ID_HEADER] ?? "")
      .filter((id) => ids.has(id));
    const calls = (
      (await (await fetch(`${resend.url}/_control/requests`)).json()) as {
        data: { at: string; status: number | string }[];
      }
    ).data.filter((call) => call.at >= since);
    const perOwner = new Map<string, number>();
    for (const owner of owners.values()) perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
    return {
      dispatchers,
      emails: total,
      done,
      seconds,
      ceiling: rps * batch,
      calls: calls.length,
      refusals: calls.filter((call) => call.status === 429).length,
      received: received.length,
      distinct: new Set(received).size,
      sent: await deliveriesWithStatus(db, accountId, "sent"),
      ...(await claimCounts(db, accountId)),
      batchesPerDispatcher: [...perOwner.values()].sort((a, b) => b - a),
      stepFailures: failures.length,
      firstFailure: failures[0]?.replace(/^\[dispatcher\] step failed: /, "").slice(0, 160),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop().catch(() => {})));
    await resend.stop();
  }
}

/** Whether a run sent every email exactly once and claimed none twice. */
export function exactlyOnce(run: DispatchersRun): boolean {
  return (
    run.claimedTwice === 0 &&
    run.unclaimed === 0 &&
    run.sent === run.emails &&
    run.received === run.emails &&
    run.distinct === run.emails
  );
}
