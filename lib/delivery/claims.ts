import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, lte, min, sql } from "drizzle-orm";
import type { DB, Executor } from "@/db/client";
import { deliveries, deliveryEvents, dispatchBatches, notifications } from "@/db/schema";
import { uuidv7 } from "@/lib/core/ids";
import type { OutboundEmail, Transport } from "./transport";

/*
 * Claiming work: a batch is one provider call. Its row, with the exact request bytes and
 * idempotency key, is committed before the call, so whoever sends it next (this dispatcher
 * on a retry, another after a crash) sends the same bytes with the same key. Claims run in
 * IMMEDIATE transactions, so two dispatchers never claim the same work.
 */

/** Queued deliveries, as a literal so SQLite can use the partial index deliveries_due_idx. */
const QUEUED = sql`${deliveries.status} = 'queued'`;

export type ClaimedBatch = { id: string; key: string; body: string; deliveryIds: string[] };

/** Who claims: the lease says how long the batch is theirs before others may take it over. */
export type Claimant = { db: DB; owner: string; leaseMs: number };

/** Derived from the deliveries and their attempt numbers: a new attempt after a Retry gets a new key. */
function idempotencyKeyFor(rows: { id: string; attempts: number }[]): string {
  const material = rows.map((row) => `${row.id}:${row.attempts}`).join(",");
  return `beacon-${createHash("sha256").update(material).digest("hex")}`;
}

export function recordEvents(
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
        id: uuidv7(),
        deliveryId,
        status,
        detail,
        source: "dispatcher" as const,
        occurredAt: at,
      })),
    )
    .run();
}

/** Takes over one batch whose owner went silent (crashed, or a retry whose wait is over). */
export function claimExpiredBatch(
  { db, owner, leaseMs }: Claimant,
  now: number,
): ClaimedBatch | null {
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
export function claimNewBatch(
  { db, owner, leaseMs }: Claimant,
  transport: Transport,
  from: string,
  now: number,
): ClaimedBatch | null {
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
        .where(
          and(
            QUEUED,
            lte(deliveries.nextAttemptAt, new Date(now)),
            isNotNull(notifications.renderedAt),
          ),
        )
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
        id: uuidv7(),
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
      recordEvents(tx, batch.deliveryIds, "sending", `Handed to ${transport.name}`, new Date(now));
      return batch;
    },
    { behavior: "immediate" },
  );
}

/** When the next piece of work falls due: a queued delivery, or a batch whose lease or wait ends. */
export function nextDueAt(db: DB): number | null {
  const queued = db
    .select({ at: min(deliveries.nextAttemptAt) })
    .from(deliveries)
    .where(QUEUED)
    .get()?.at;
  const batch = db
    .select({ at: min(dispatchBatches.leaseUntil) })
    .from(dispatchBatches)
    .get()?.at;
  const times = [queued, batch].filter((t): t is Date => !!t).map((t) => t.getTime());
  return times.length ? Math.min(...times) : null;
}
