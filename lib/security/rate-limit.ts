import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { type Executor, first } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { writeTransaction } from "@/db/transactions";

/** At most `max` counted events per `windowMs`, per key. */
export type Limit = { max: number; windowMs: number };

export type Decision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters in the `rate_limits` table, so every process (the portal, a second
 * instance) sees the same count. Every function runs as one SQLite write transaction, so
 * two concurrent callers cannot both take the last slot. Keys are namespaced by the caller
 * (`send-test:<account>`); better-auth's own rows (client address + path) never start so.
 */
function read(tx: Executor, key: string) {
  return first(tx.select().from(rateLimits).where(eq(rateLimits.key, key)).limit(1));
}

function retryAfter(windowStart: number, limit: Limit, now: number): number {
  return Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000));
}

function transaction<T>(db: Executor, run: (tx: Executor) => Promise<T>): Promise<T> {
  return writeTransaction(db, run);
}

/** Adds one to the key's count, starting a new window when the last one has passed. */
async function count(tx: Executor, key: string, limit: Limit, now: number) {
  const row = await read(tx, key);
  if (!row || now - row.lastRequest >= limit.windowMs) {
    await tx
      .insert(rateLimits)
      .values({ id: randomUUID(), key, count: 1, lastRequest: now })
      .onConflictDoUpdate({ target: rateLimits.key, set: { count: 1, lastRequest: now } });
  } else {
    await tx
      .update(rateLimits)
      .set({ count: row.count + 1 })
      .where(eq(rateLimits.key, key));
  }
}

/** Counts one attempt and says whether it may go ahead (a refused one is not counted). */
export async function consume(
  db: Executor,
  key: string,
  limit: Limit,
  now = Date.now(),
): Promise<Decision> {
  return await transaction(db, async (tx) => {
    const decision = await check(tx, key, limit, now);
    if (decision.allowed) await count(tx, key, limit, now);
    return decision;
  });
}

/** Whether the key is at its limit now, without counting anything (e.g. before a sign-in). */
export async function check(
  db: Executor,
  key: string,
  limit: Limit,
  now = Date.now(),
): Promise<Decision> {
  const row = await read(db, key);
  if (!row || now - row.lastRequest >= limit.windowMs || row.count < limit.max) {
    return { allowed: true };
  }
  return { allowed: false, retryAfterSeconds: retryAfter(row.lastRequest, limit, now) };
}

/** Counts one event (e.g. a failed sign-in) without refusing anything. */
export async function record(db: Executor, key: string, limit: Limit, now = Date.now()) {
  await transaction(db, (tx) => count(tx, key, limit, now));
}

export async function reset(db: Executor, key: string) {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
