import { randomUUID } from "node:crypto";
import type { DB } from "@/db/client";
import { type CommitWatch, watchCommits } from "@/db/commit-watch";
import { config } from "@/lib/config";
import { clock, onClockChange } from "@/lib/core/clock";
import type { RetryPolicy } from "@/lib/core/retry-policy";
import { claimExpiredBatch, claimNewBatch, type LaneFilter, nextDueAt } from "./claims";
import { clearPause, readPause } from "./pause";
import { type Renderer, renderPending } from "./render-pending";
import { settleBatch } from "./settle";
import type { BatchResult, Transport } from "./transport";
import { onWake } from "./wake";

/**
 * The dispatcher's loop: claim one batch (claims.ts), send it, record what came of it
 * (settle.ts), and when there is nothing to do, sleep until new work is committed here
 * (wake.ts), another process commits (db/commit-watch.ts), or a wait falls due.
 */

export type DispatcherOptions = {
  db: DB;
  transport: Transport;
  from: string;
  /** How long a claimed batch is ours; a longer silence means we died and it is up for grabs. */
  leaseMs?: number;
  policy?: RetryPolicy;
  /** How often an idle dispatcher checks whether another process committed work. */
  crossProcessPollMs?: number;
  /** How long sending pauses on a quota error when the provider does not say. */
  defaultPauseMs?: number;
  log?: (message: string) => void;
  /** Renders notifications committed without their email (all of them, since intake never renders). */
  render: Renderer;
  /** The transport of PSA webhook tickets; without it, that lane is not served here. */
  psaWebhook?: Transport;
  /** The PSA lanes' policy: given up (and emailed instead) by PSA_FALLBACK_AFTER_MS. */
  psaPolicy?: RetryPolicy;
  /** Work that falls due by the clock, done in this loop (see `Scheduled`). */
  schedules?: Scheduled[];
};

/**
 * Work that falls due by the clock rather than by a commit (reminders, digests, the end of a
 * maintenance window). Every dispatcher runs it in its loop, so it is served whenever one
 * runs and survives restarts like the outbox. Times are `clock.now()` times.
 */
export type Scheduled = {
  name: string;
  /**
   * Does what is due at `now`, exactly once whatever the number of dispatchers (claim and
   * act in one write transaction); returns how many pieces of work it did.
   */
  runDue(now: number): number | Promise<number>;
  /** When the next piece falls due, or null when nothing is scheduled. */
  nextDueAt(): number | null | Promise<number | null>;
};

/**
 * One lane of the one outbox: the deliveries of some channels through one transport, with
 * its retry policy. Email-to-ticket goes through the email transport in a lane of its own,
 * so its retries follow the PSA's deadline and not the email's day.
 */
type Lane = LaneFilter & {
  transport: Transport;
  policy: RetryPolicy;
  pausable: boolean;
  batches: { only: string } | { except: string[] };
};

/** The name the PSA webhook lane's batches carry. */
export const PSA_WEBHOOK_LANE = "psa-webhook";

type Step = { worked: true } | { worked: false; idleUntil: number | null };

const FAR = Number.MAX_SAFE_INTEGER;

/** The PSA lanes' policy: the same backoff, given up strictly at PSA_FALLBACK_AFTER_MS. */
export function psaPolicyFromConfig(settings = config()): RetryPolicy {
  return {
    ...retryPolicyFromConfig(settings),
    maxAgeMs: settings.PSA_FALLBACK_AFTER_MS,
    strictMaxAge: true,
  };
}

/** The policy the deployment configured (DISPATCH_RETRY_* and DISPATCH_MAX_*; see lib/config.ts). */
export function retryPolicyFromConfig(settings = config()): RetryPolicy {
  return {
    baseMs: settings.DISPATCH_RETRY_BASE_MS,
    capMs: settings.DISPATCH_RETRY_CAP_MS,
    maxAttempts: settings.DISPATCH_MAX_ATTEMPTS,
    maxAgeMs: settings.DISPATCH_MAX_AGE_MS,
  };
}

export function createDispatcher(options: DispatcherOptions) {
  const { db, transport, from } = options;
  const owner = randomUUID();
  const leaseMs = options.leaseMs ?? config().DISPATCH_LEASE_MS;
  const policy = options.policy ?? retryPolicyFromConfig();
  const pollMs = options.crossProcessPollMs ?? 50;
  const defaultPauseMs = options.defaultPauseMs ?? 15 * 60_000;
  const log = options.log ?? ((message: string) => console.log(`[dispatcher] ${message}`));
  const schedules = options.schedules ?? [];

  const psaPolicy = options.psaPolicy ?? psaPolicyFromConfig();
  const psaEmailLane = `${transport.name}:psa-email`;
  const lanes: Lane[] = [
    {
      name: transport.name,
      channels: ["email"],
      transport,
      policy,
      pausable: true,
      // Also any batch of a transport this deployment no longer uses (its bytes still send).
      batches: { except: [psaEmailLane, PSA_WEBHOOK_LANE] },
    },
    {
      name: psaEmailLane,
      channels: ["psa-email"],
      transport,
      policy: psaPolicy,
      pausable: true,
      batches: { only: psaEmailLane },
    },
    ...(options.psaWebhook
      ? [
          {
            name: PSA_WEBHOOK_LANE,
            channels: ["psa-webhook"] as const,
            transport: options.psaWebhook,
            policy: psaPolicy,
            pausable: false,
            batches: { only: PSA_WEBHOOK_LANE },
          },
        ]
      : []),
  ];

  /** One step: send one batch, of the first lane that has one to send. */
  async function runOnce(): Promise<Step> {
    const now = Date.now();
    const pause = await readPause(db);
    const paused = pause !== null && pause.until > now;
    if (pause && !paused) await clearPause(db);
    // A provider pause stops the email transport; the PSA's webhook is not that provider.
    const open = lanes.filter((lane) => !(paused && lane.pausable));

    let scheduled = 0;
    for (const schedule of schedules) scheduled += await schedule.runDue(clock.now());
    const rendered = await renderPending(db, options.render, log);
    const claimant = { db, owner, leaseMs };
    for (const lane of open) {
      const batch =
        (await claimExpiredBatch(claimant, now, lane.batches)) ??
        (await claimNewBatch(claimant, lane.transport, from, now, lane));
      if (!batch) continue;
      let result: BatchResult;
      try {
        result = await lane.transport.send(batch.body, batch.key);
      } catch (error) {
        result = { kind: "retry", error: `Transport error: ${(error as Error).message}` };
      }
      await settleBatch(
        { db, transportName: lane.transport.name, policy: lane.policy, defaultPauseMs },
        batch,
        result,
      );
      if (result.kind !== "done")
        log(`batch of ${batch.deliveryIds.length} (${lane.name}): ${result.kind}: ${result.error}`);
      return { worked: true };
    }
    if (rendered > 0 || scheduled > 0) return { worked: true };
    const closed = lanes.filter((lane) => !open.includes(lane)).map((lane) => lane.name);
    const due = await nextDueAt(db, {
      channels: open.flatMap((lane) => lane.channels),
      exceptBatches: options.psaWebhook ? closed : [...closed, PSA_WEBHOOK_LANE],
    });
    // Schedules keep clock time, the outbox system time: a test's clock moves only the former.
    const skew = Date.now() - clock.now();
    const scheduleDue: (number | null)[] = [];
    for (const schedule of schedules) {
      const t = await schedule.nextDueAt();
      scheduleDue.push(t === null ? null : t + skew);
    }
    const times = [due, paused ? pause.until : null, ...scheduleDue].filter(
      (t): t is number => t !== null,
    );
    return { worked: false, idleUntil: times.length ? Math.min(...times) : null };
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let pendingWake = false;

  let commits: CommitWatch | null = null;
  const dataVersion = () => commits?.version() ?? Promise.resolve(0);

  async function idle(until: number | null): Promise<void> {
    if (pendingWake) {
      pendingWake = false;
      return;
    }
    const startVersion = await dataVersion();
    // A wake while the version was read found no wakeUp to call yet: it left pendingWake.
    if (pendingWake) {
      pendingWake = false;
      return;
    }
    return new Promise((resolve, reject) => {
      const deadline = until ?? FAR;
      let timer: NodeJS.Timeout;
      let ended = false;
      const done = () => {
        ended = true;
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      };
      const tick = () => {
        if (!running || Date.now() >= deadline) return done();
        dataVersion().then((version) => {
          // A wake-up may have ended the wait while the version was read.
          if (ended) return;
          if (version !== startVersion) return done();
          timer = setTimeout(tick, Math.max(1, Math.min(pollMs, deadline - Date.now())));
        }, reject);
      };
      wakeUp = done;
      timer = setTimeout(tick, Math.max(1, Math.min(pollMs, deadline - Date.now())));
    });
  }

  async function run() {
    while (running) {
      let step: Step;
      try {
        step = await runOnce();
      } catch (error) {
        log(`step failed: ${(error as Error).message}`);
        step = { worked: false, idleUntil: Date.now() + 1000 };
      }
      if (!step.worked) await idle(step.idleUntil);
      // A step on the local mailbox (or any transport that answers without I/O) is promises
      // only: without this turn, a backlog would hold off timers, signals and the parent's
      // IPC until it was all sent, and a child whose web server died would outlive it.
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  let unsubscribe: (() => void) | null = null;

  return {
    owner,
    runOnce,
    /** Starts the loop; new work committed in this process wakes it at once. */
    start() {
      if (running) return;
      running = true;
      const wake = () => {
        if (wakeUp) wakeUp();
        else pendingWake = true;
      };
      // A test that moves the clock makes schedules fall due: look again at once.
      const unsubscribers = [onWake(wake), onClockChange(wake)];
      commits = watchCommits(db, wake, log);
      unsubscribe = () => {
        for (const off of unsubscribers) off();
      };
      loop = run();
    },
    /** Stops after the batch in flight, if any, is recorded. */
    async stop() {
      running = false;
      unsubscribe?.();
      wakeUp?.();
      await loop;
      await commits?.close();
      commits = null;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
