import { and, count, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import { type DB, first } from "../../db/client";
import {
  accounts,
  deliveries,
  deliveryEvents,
  dispatchBatches,
  notifications,
} from "../../db/schema";

/*
 * What the bench reads from the database it measures, written once for both engines (the
 * query builder of db/client.ts), from its own process and connection.
 */

const number = async (query: PromiseLike<{ n: number }[]>) => Number((await first(query))?.n ?? 0);

/** A literal, so SQLite can use the partial index deliveries_waiting_idx. */
const WAITING = sql`${deliveries.status} in ('queued', 'sending')`;

const ofAccount = (accountId: string | undefined, where: SQL) =>
  accountId ? and(where, eq(deliveries.accountId, accountId)) : where;

/** Deliveries not sent yet (queued, or in a batch being sent), of one account or all. */
export function pendingDeliveries(db: DB, accountId?: string): Promise<number> {
  return number(db.select({ n: count() }).from(deliveries).where(ofAccount(accountId, WAITING)));
}

export function deliveriesWithStatus(db: DB, accountId: string, status: "sent"): Promise<number> {
  return number(
    db
      .select({ n: count() })
      .from(deliveries)
      .where(and(eq(deliveries.accountId, accountId), eq(deliveries.status, status))),
  );
}

export async function deliveryIds(db: DB, accountId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(eq(deliveries.accountId, accountId));
  return new Set(rows.map((row) => row.id));
}

export async function accountIdBySlug(db: DB, slug: string): Promise<string> {
  const row = await first(
    db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, slug)).limit(1),
  );
  if (!row) throw new Error(`no account ${slug}`);
  return row.id;
}

/** Notifications the dispatcher has not rendered yet (it renders before it sends). */
export function unrenderedNotifications(db: DB, accountId: string): Promise<number> {
  return number(
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.accountId, accountId), isNull(notifications.renderedAt))),
  );
}

/** The batches being sent right now and the dispatcher that holds each (its lease). */
export async function batchOwners(db: DB): Promise<{ id: string; owner: string | null }[]> {
  return db
    .select({ id: dispatchBatches.id, owner: dispatchBatches.leaseOwner })
    .from(dispatchBatches);
}

/**
 * How the account's deliveries were claimed. Every claim of new work puts the delivery in a
 * batch and records one "sending" event in its history (lib/delivery/claims.ts
 * claimNewBatch); taking over a batch after its lease or retry wait (a 429, a crash) sends
 * the same batch with the same idempotency key and adds an attempt but no such event. So:
 * claims = "sending" events, claimed twice = deliveries with more than one, retried =
 * deliveries with more than one attempt.
 */
export async function claimCounts(
  db: DB,
  accountId: string,
): Promise<{ claims: number; claimedTwice: number; unclaimed: number; retried: number }> {
  const claimed = db
    .select({ id: deliveryEvents.deliveryId, n: count() })
    .from(deliveryEvents)
    .innerJoin(deliveries, eq(deliveries.id, deliveryEvents.deliveryId))
    .where(and(eq(deliveries.accountId, accountId), eq(deliveryEvents.status, "sending")))
    .groupBy(deliveryEvents.deliveryId);
  const perDelivery = await claimed;
  const total = await number(
    db.select({ n: count() }).from(deliveries).where(eq(deliveries.accountId, accountId)),
  );
  return {
    claims: perDelivery.reduce((sum, row) => sum + Number(row.n), 0),
    claimedTwice: perDelivery.filter((row) => Number(row.n) > 1).length,
    unclaimed: total - perDelivery.length,
    retried: await number(
      db
        .select({ n: count() })
        .from(deliveries)
        .where(and(eq(deliveries.accountId, accountId), gt(deliveries.attempts, 1))),
    ),
  };
}
