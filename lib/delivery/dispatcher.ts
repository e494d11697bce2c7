import { createHash, randomUUID } from "node:crypto";
import { and, asc, eq, inArray, lte, min, sql } from "drizzle-orm";
import type { DB, Executor } from "@/db/client";
import {
  type DeliveryStatus,
  deliveries,
  deliveryEvents,
  dispatchBatches,
  notifications,
} from "@/db/schema";
import { clearPause, readPause, setPause } from "./pause";
import { STATUS_RANK } from "./provider-events";
import { isExhausted, nextDelayMs, type RetryPolicy, retryPolicyFromEnv } from "./retry-policy";
import type { BatchResult, OutboundEmail, SendOutcome, Transport } from "./transport";
import { onWake } from "./wake";

/**
 * The dispatcher: claims due deliveries into a batch (one provider call), sends it, and
 * records the outcome. The batch row, with the exact request bytes and idempotency key, is
 * committed before the call, so a dispatcher that dies mid-call is replaced by one that
 * sends the same bytes with the same key: the provider answers the repeat with its first
 * answer, and nothing is sent twice. Claims happen in IMMEDIATE transactions, so two
 * dispatchers (threads of one process or separate processes) never claim the same work.
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
};

type ClaimedBatch = { id: string; key: string; body: string; deliveryIds: string[] };

type Step = { worked: true } | { worked: false; idleUntil: number | null };

const FAR = Number.MAX_SAFE_INTEGER;

export function idempotencyKeyFor(rows: { id: string; attempts: number }[]): string {
  const material = rows.map((row) => `${row.id}:${row.attempts}`).join(",");
  return `beacon-${createHash("sha256").update(material).digest("hex")}`;
}

function recordEvents(
  tx: Executor,
  deliveryIds: string[],
  status: string,
  detail: string | null,
  at: Date,
) {
  if (deliveryIds.length === 0) return;
  tx.insert(deliveryEvents)
    .values(
      deliveryIds.map((deliveryId) => ({
        id: randomUUID(),
        deliveryId,
        status,
        detail,
        source: "dispatcher" as const,
        occurredAt: at,
      })),
    )
    .run();
}

export function createDispatcher(options: DispatcherOptions) {
  const { db, transport, from } = options;
  const owner = randomUUID();
  const leaseMs = options.leaseMs ?? Number(process.env.DISPATCH_LEASE_MS || 30_000);
  const policy = options.policy ?? retryPolicyFromEnv();
  const pollMs = options.crossProcessPollMs ?? 200;
  const defaultPauseMs = options.defaultPauseMs ?? 15 * 60_000;
  const log = options.log ?? ((message: string) => console.log(`[dispatcher] ${message}`));

  /** Takes over one batch whose owner went silent (crashed, or a retry whose wait is over). */
  function claimExpiredBatch(now: number): ClaimedBatch | null {
    return db.transaction(
      (tx) => {
        const batch = tx
          .select()
          .from(dispatchBatches)
          .where(lte(dispatchBatches.leaseUntil, new Date(now)))
          .orderBy(asc(dispatchBatches.leaseUntil))
          .limit(1)
          .get();
        if (!batch) return null;
        tx.update(dispatchBatches)
          .set({
            leaseOwner: owner,
            leaseUntil: new Date(now + leaseMs),
            attempts: batch.attempts + 1,
          })
          .where(eq(dispatchBatches.id, batch.id))
          .run();
        const ids = tx
          .update(deliveries)
          .set({ attempts: sql`${deliveries.attempts} + 1`, updatedAt: new Date(now) })
          .where(eq(deliveries.batchId, batch.id))
          .returning({ id: deliveries.id })
          .all()
          .map((row) => row.id);
        return { id: batch.id, key: batch.idempotencyKey, body: batch.body, deliveryIds: ids };
      },
      { behavior: "immediate" },
    );
  }

  /** Claims up to one batch of due deliveries and writes the request before it is made. */
  function claimNewBatch(now: number): ClaimedBatch | null {
    return db.transaction(
      (tx) => {
        const rows = tx
          .select({
            id: deliveries.id,
            attempts: deliveries.attempts,
            recipient: deliveries.recipient,
            subject: notifications.subject,
            html: notifications.html,
            text: notifications.text,
            headers: notifications.headers,
          })
          .from(deliveries)
          .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
          .where(and(eq(deliveries.status, "queued"), lte(deliveries.nextAttemptAt, new Date(now))))
          .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.createdAt))
          .limit(transport.maxBatchSize)
          .all();
        if (rows.length === 0) return null;
        const claimed = rows.map((row) => ({ ...row, attempts: row.attempts + 1 }));
        const emails: OutboundEmail[] = claimed.map((row) => ({
          deliveryId: row.id,
          from,
          to: row.recipient,
          subject: row.subject,
          html: row.html,
          text: row.text,
          headers: row.headers,
        }));
        const batch = {
          id: randomUUID(),
          key: idempotencyKeyFor(claimed),
          body: transport.encode(emails),
          deliveryIds: claimed.map((row) => row.id),
        };
        tx.insert(dispatchBatches)
          .values({
            id: batch.id,
            idempotencyKey: batch.key,
            body: batch.body,
            transport: transport.name,
            leaseOwner: owner,
            leaseUntil: new Date(now + leaseMs),
            attempts: 1,
          })
          .run();
        tx.update(deliveries)
          .set({
            status: "sending",
            batchId: batch.id,
            attempts: sql`${deliveries.attempts} + 1`,
            updatedAt: new Date(now),
          })
          .where(inArray(deliveries.id, batch.deliveryIds))
          .run();
        recordEvents(
          tx,
          batch.deliveryIds,
          "sending",
          `Handed to ${transport.name}`,
          new Date(now),
        );
        return batch;
      },
      { behavior: "immediate" },
    );
  }

  /** Moves a delivery forward only: a provider event may already have said more. */
  function advance(tx: Executor, outcome: SendOutcome, at: Date) {
    const target: DeliveryStatus = outcome.ok
      ? outcome.delivered
        ? "delivered"
        : "sent"
      : "failed";
    const current = tx
      .select({ status: deliveries.status })
      .from(deliveries)
      .where(eq(deliveries.id, outcome.deliveryId))
      .get();
    if (!current) return;
    const forward =
      current.status === "sending" || STATUS_RANK[target] > STATUS_RANK[current.status];
    tx.update(deliveries)
      .set({
        ...(forward ? { status: target } : {}),
        batchId: null,
        updatedAt: at,
        ...(outcome.ok
          ? { providerMessageId: outcome.providerMessageId, lastError: null }
          : { lastError: outcome.error }),
      })
      .where(eq(deliveries.id, outcome.deliveryId))
      .run();
    const detail = outcome.ok
      ? transport.name === "mailbox"
        ? "Stored in the local mailbox"
        : `Accepted by ${transport.name}${outcome.providerMessageId ? ` as ${outcome.providerMessageId}` : ""}`
      : outcome.error;
    recordEvents(tx, [outcome.deliveryId], target, detail, at);
  }

  function finishAll(
    tx: Executor,
    batch: ClaimedBatch,
    status: "failed" | "dead",
    error: string,
    at: Date,
  ) {
    // A provider event may have reported some of them already (the call went through but its
    // answer was lost): those keep what the provider said; only the ones still waiting end here.
    const ended = tx
      .update(deliveries)
      .set({ status, lastError: error, batchId: null, updatedAt: at })
      .where(and(eq(deliveries.batchId, batch.id), eq(deliveries.status, "sending")))
      .returning({ id: deliveries.id })
      .all()
      .map((row) => row.id);
    tx.update(deliveries).set({ batchId: null }).where(eq(deliveries.batchId, batch.id)).run();
    recordEvents(tx, ended, status, error, at);
    tx.delete(dispatchBatches).where(eq(dispatchBatches.id, batch.id)).run();
  }

  function apply(batch: ClaimedBatch, result: BatchResult) {
    const now = Date.now();
    const at = new Date(now);
    db.transaction(
      (tx) => {
        const row = tx.select().from(dispatchBatches).where(eq(dispatchBatches.id, batch.id)).get();
        // Another dispatcher took the batch over after our lease ran out and already settled it.
        if (!row) return;
        switch (result.kind) {
          case "done": {
            const answered = new Set(result.outcomes.map((outcome) => outcome.deliveryId));
            for (const outcome of result.outcomes) advance(tx, outcome, at);
            for (const deliveryId of batch.deliveryIds.filter((id) => !answered.has(id))) {
              advance(
                tx,
                {
                  deliveryId,
                  ok: false,
                  permanent: true,
                  error: "The provider's answer did not mention this email",
                },
                at,
              );
            }
            tx.delete(dispatchBatches).where(eq(dispatchBatches.id, batch.id)).run();
            return;
          }
          case "rejected":
            finishAll(tx, batch, "failed", result.error, at);
            return;
          case "retry": {
            const oldest = tx
              .select({ createdAt: min(deliveries.createdAt) })
              .from(deliveries)
              .where(eq(deliveries.batchId, batch.id))
              .get()?.createdAt;
            const ageMs = oldest ? now - oldest.getTime() : 0;
            if (isExhausted(policy, row.attempts, ageMs)) {
              finishAll(
                tx,
                batch,
                "dead",
                `Gave up after ${row.attempts} attempts: ${result.error}`,
                at,
              );
              return;
            }
            const delay = nextDelayMs(policy, row.attempts, result.retryAfterMs);
            tx.update(dispatchBatches)
              .set({ leaseOwner: null, leaseUntil: new Date(now + delay) })
              .where(eq(dispatchBatches.id, batch.id))
              .run();
            tx.update(deliveries)
              .set({ lastError: result.error, updatedAt: at })
              .where(eq(deliveries.batchId, batch.id))
              .run();
            recordEvents(
              tx,
              batch.deliveryIds,
              "retrying",
              `${result.error}; next attempt in ${Math.ceil(delay / 1000)} s`,
              at,
            );
            return;
          }
          case "paused": {
            const until = result.untilMs ?? now + defaultPauseMs;
            setPause(tx, { until, reason: result.error });
            // A pause is not an attempt of these deliveries: they wait for the provider, not fail.
            tx.update(dispatchBatches)
              .set({ leaseOwner: null, leaseUntil: new Date(until), attempts: row.attempts - 1 })
              .where(eq(dispatchBatches.id, batch.id))
              .run();
            tx.update(deliveries)
              .set({
                attempts: sql`${deliveries.attempts} - 1`,
                lastError: result.error,
                updatedAt: at,
              })
              .where(eq(deliveries.batchId, batch.id))
              .run();
            recordEvents(
              tx,
              batch.deliveryIds,
              "paused",
              `Sending paused until ${new Date(until).toISOString()}: ${result.error}`,
              at,
            );
            return;
          }
        }
      },
      { behavior: "immediate" },
    );
  }

  function nextDueAt(): number | null {
    const queued = db
      .select({ at: min(deliveries.nextAttemptAt) })
      .from(deliveries)
      .where(eq(deliveries.status, "queued"))
      .get()?.at;
    const batch = db
      .select({ at: min(dispatchBatches.leaseUntil) })
      .from(dispatchBatches)
      .get()?.at;
    const times = [queued, batch].filter((t): t is Date => !!t).map((t) => t.getTime());
    return times.length ? Math.min(...times) : null;
  }

  /** One step: send one batch if there is one to send. */
  async function runOnce(): Promise<Step> {
    const now = Date.now();
    const pause = readPause(db);
    if (pause && pause.until > now) return { worked: false, idleUntil: pause.until };
    if (pause) clearPause(db);

    const batch = claimExpiredBatch(now) ?? claimNewBatch(now);
    if (!batch) return { worked: false, idleUntil: nextDueAt() };
    let result: BatchResult;
    try {
      result = await transport.send(batch.body, batch.key);
    } catch (error) {
      result = { kind: "retry", error: `Transport error: ${(error as Error).message}` };
    }
    apply(batch, result);
    if (result.kind !== "done")
      log(`batch of ${batch.deliveryIds.length}: ${result.kind}: ${result.error}`);
    return { worked: true };
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let pendingWake = false;

  function idle(until: number | null): Promise<void> {
    if (pendingWake) {
      pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const version = () => db.$client.pragma("data_version", { simple: true }) as number;
      const startVersion = version();
      const deadline = until ?? FAR;
      let timer: NodeJS.Timeout;
      const done = () => {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      };
      const tick = () => {
        if (!running || Date.now() >= deadline || version() !== startVersion) return done();
        timer = setTimeout(tick, Math.max(1, Math.min(pollMs, deadline - Date.now())));
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
      unsubscribe = onWake(() => {
        if (wakeUp) wakeUp();
        else pendingWake = true;
      });
      loop = run();
    },
    /** Stops after the batch in flight, if any, is recorded. */
    async stop() {
      running = false;
      unsubscribe?.();
      wakeUp?.();
      await loop;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
