import { and, asc, eq, inArray, min, sql } from "drizzle-orm";
import { type DB, type Executor, first } from "@/db/client";
import { prepare, preparedStatements } from "@/db/prepared";
import { forUpdate } from "@/db/row-locks";
import { deliveries, deliveryEvents, dispatchBatches } from "@/db/schema";
import { lockingTransaction } from "@/db/transactions";
import { type DeliveryStatus, STATUS_RANK } from "@/lib/core/delivery-status";
import { uuidv7 } from "@/lib/core/ids";
import {
  isExhausted,
  nextDelayMs,
  type RetryPolicy,
  wouldOutliveMaxAge,
} from "@/lib/core/retry-policy";
import { type ClaimedBatch, recordEvents } from "./claims";
import { setPause } from "./pause";
import { fallBackToEmail } from "./psa-fallback";
import type { BatchResult, SendOutcome } from "./transport";

/*
 * Recording what a provider call came to, in one transaction: each delivery sent or failed,
 * the whole batch retried later (same bytes, same key), given up (dead), or paused.
 */

export type Settlement = {
  db: DB;
  transportName: string;
  policy: RetryPolicy;
  /** How long sending pauses on a quota error when the provider does not say. */
  defaultPauseMs: number;
};

/**
 * The statements of `advance`, which runs once per email of every batch: built and prepared
 * once (drizzle's SQL building and SQLite's prepare were most of a settle's CPU; see
 * db/prepared.ts). Run inside the settle's transaction, on its connection.
 */
const statementsOf = preparedStatements((db: Executor) => {
  const id = sql.placeholder("id");
  const at = sql.placeholder("at");
  return {
    status: prepare(
      db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.id, id)),
      "settle_status",
    ),
    sent: prepare(
      db
        .update(deliveries)
        .set({
          status: sql.placeholder("status") as unknown as DeliveryStatus,
          batchId: null,
          updatedAt: at as unknown as Date,
          providerMessageId: sql.placeholder("providerMessageId") as unknown as string,
          lastError: null,
        })
        .where(eq(deliveries.id, id)),
      "settle_sent",
    ),
    failed: prepare(
      db
        .update(deliveries)
        .set({
          status: sql.placeholder("status") as unknown as DeliveryStatus,
          batchId: null,
          updatedAt: at as unknown as Date,
          lastError: sql.placeholder("error") as unknown as string,
        })
        .where(eq(deliveries.id, id)),
      "settle_failed",
    ),
    event: prepare(
      db.insert(deliveryEvents).values({
        id: sql.placeholder("eventId"),
        deliveryId: id,
        status: sql.placeholder("status"),
        detail: sql.placeholder("detail"),
        source: "dispatcher",
        occurredAt: at as unknown as Date,
      }),
      "settle_event",
    ),
  };
});

/** Moves a delivery forward only: a provider event may already have said more. */
async function advance(
  tx: Executor,
  statements: ReturnType<typeof statementsOf>,
  transportName: string,
  outcome: SendOutcome,
  at: Date,
) {
  const target: DeliveryStatus = outcome.ok ? (outcome.delivered ? "delivered" : "sent") : "failed";
  const current = await first(statements.status.execute({ id: outcome.deliveryId }));
  if (!current) return;
  const forward = current.status === "sending" || STATUS_RANK[target] > STATUS_RANK[current.status];
  const status = forward ? target : current.status;
  if (outcome.ok) {
    await statements.sent.execute({
      id: outcome.deliveryId,
      status,
      at,
      providerMessageId: outcome.providerMessageId,
    });
  } else {
    await statements.failed.execute({ id: outcome.deliveryId, status, at, error: outcome.error });
  }
  const detail = outcome.ok
    ? (outcome.detail ??
      `Accepted by ${transportName}${outcome.providerMessageId ? ` as ${outcome.providerMessageId}` : ""}`)
    : outcome.error;
  await statements.event.execute({
    eventId: uuidv7(),
    id: outcome.deliveryId,
    status: target,
    detail,
    at,
  });
  if (!outcome.ok && forward) await fallBackToEmail(tx, [outcome.deliveryId], outcome.error, at);
}

async function finishAll(
  tx: Executor,
  batch: ClaimedBatch,
  status: "failed" | "dead",
  error: string,
  at: Date,
) {
  // A provider event may have reported some of them already (the call went through but its
  // answer was lost): those keep what the provider said; only the ones still waiting end here.
  const ended = (
    await tx
      .update(deliveries)
      .set({ status, lastError: error, batchId: null, updatedAt: at })
      .where(and(eq(deliveries.batchId, batch.id), eq(deliveries.status, "sending")))
      .returning({ id: deliveries.id })
  ).map((row) => row.id);
  await tx.update(deliveries).set({ batchId: null }).where(eq(deliveries.batchId, batch.id));
  await recordEvents(tx, ended, status, error, at);
  await fallBackToEmail(tx, ended, error, at);
  await tx.delete(dispatchBatches).where(eq(dispatchBatches.id, batch.id));
}

export async function settleBatch(
  { db, transportName, policy, defaultPauseMs }: Settlement,
  batch: ClaimedBatch,
  result: BatchResult,
) {
  const now = Date.now();
  const at = new Date(now);
  await lockingTransaction(db, async (tx) => {
    const statements = statementsOf(db, tx);
    // Locked, so a dispatcher that took the batch over (our lease ran out) settles it either
    // before us or after us, never beside us.
    const row = await first(
      forUpdate(tx.select().from(dispatchBatches).where(eq(dispatchBatches.id, batch.id)).limit(1)),
    );
    // Another dispatcher took the batch over after our lease ran out and already settled it.
    if (!row) return;
    // Its deliveries too (in one order, so two settles can't deadlock on them): a provider
    // event about one of them waits, then reads what this settle wrote, and the other way round.
    await forUpdate(
      tx
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(inArray(deliveries.id, batch.deliveryIds))
        .orderBy(asc(deliveries.id)),
    );
    switch (result.kind) {
      case "done": {
        const answered = new Set(result.outcomes.map((outcome) => outcome.deliveryId));
        for (const outcome of result.outcomes)
          await advance(tx, statements, transportName, outcome, at);
        for (const deliveryId of batch.deliveryIds.filter((id) => !answered.has(id))) {
          await advance(
            tx,
            statements,
            transportName,
            {
              deliveryId,
              ok: false,
              permanent: true,
              error: "The provider's answer did not mention this email",
            },
            at,
          );
        }
        await tx.delete(dispatchBatches).where(eq(dispatchBatches.id, batch.id));
        return;
      }
      case "rejected":
        await finishAll(tx, batch, "failed", result.error, at);
        return;
      case "retry": {
        const oldest = (
          await first(
            tx
              .select({ createdAt: min(deliveries.createdAt) })
              .from(deliveries)
              .where(eq(deliveries.batchId, batch.id))
              .limit(1),
          )
        )?.createdAt;
        const ageMs = oldest ? now - oldest.getTime() : 0;
        const delay = nextDelayMs(policy, row.attempts, result.retryAfterMs);
        if (isExhausted(policy, row.attempts, ageMs) || wouldOutliveMaxAge(policy, ageMs, delay)) {
          await finishAll(
            tx,
            batch,
            "dead",
            `Gave up after ${row.attempts} attempts: ${result.error}`,
            at,
          );
          return;
        }
        await tx
          .update(dispatchBatches)
          .set({ leaseOwner: null, leaseUntil: new Date(now + delay) })
          .where(eq(dispatchBatches.id, batch.id));
        await tx
          .update(deliveries)
          .set({ lastError: result.error, updatedAt: at })
          .where(eq(deliveries.batchId, batch.id));
        await recordEvents(
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
        await setPause(tx, { until, reason: result.error });
        // A pause is not an attempt of these deliveries: they wait for the provider, not fail.
        await tx
          .update(dispatchBatches)
          .set({ leaseOwner: null, leaseUntil: new Date(until), attempts: row.attempts - 1 })
          .where(eq(dispatchBatches.id, batch.id));
        await tx
          .update(deliveries)
          .set({
            attempts: sql`${deliveries.attempts} - 1`,
            lastError: result.error,
            updatedAt: at,
          })
          .where(eq(deliveries.batchId, batch.id));
        await recordEvents(
          tx,
          batch.deliveryIds,
          "paused",
          `Sending paused until ${new Date(until).toISOString()}: ${result.error}`,
          at,
        );
        return;
      }
    }
  });
}
