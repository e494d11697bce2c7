import type { Executor } from "./client";
import { databaseEngine } from "./engine";

/*
 * The kinds of write transaction the domain code asks for, each mapped to what makes it
 * correct on the engine this process runs on. SQLite has one writer at a time: an IMMEDIATE
 * transaction takes the write lock first, so what it reads stays true until it commits.
 * PostgreSQL runs writers side by side, so a transaction that reads and then writes on what
 * it read is either serializable (the server aborts one of two that conflict; it is run
 * again), or locks the rows it reads (FOR UPDATE, waiting) or claims (FOR UPDATE SKIP
 * LOCKED), db/row-locks.ts.
 */

type Work<T> = (tx: Executor) => Promise<T>;
type PgTransaction = <T>(work: Work<T>, config?: { isolationLevel?: string }) => Promise<T>;

// serialization_failure and deadlock_detected: the server's way of saying "run it again".
const RETRYABLE = new Set(["40001", "40P01"]);
const ATTEMPTS = 10;

function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

function isRetryableConflict(error: unknown): boolean {
  return RETRYABLE.has(sqlState(error) ?? "");
}

async function retryingConflicts<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableConflict(error)) throw error;
      // Jittered and growing (to 2^9 × 2 ms), so writers that keep meeting spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * 2 ** attempt));
    }
  }
}

/**
 * A transaction that reads and writes on what it read as if it were alone: IMMEDIATE on
 * SQLite; serializable on PostgreSQL, run again when the server aborts it for a conflict
 * (so its work must touch only the database).
 */
export function writeTransaction<T>(db: Executor, work: Work<T>): Promise<T> {
  if (databaseEngine() === "sqlite") return db.transaction(work, { behavior: "immediate" });
  const transaction = db.transaction.bind(db) as unknown as PgTransaction;
  return retryingConflicts(() => transaction(work, { isolationLevel: "serializable" }));
}

/**
 * A transaction whose work locks what it reads before writing on it: IMMEDIATE on SQLite;
 * read committed on PostgreSQL, where its queries lock their rows (db/row-locks.ts): a claim
 * passes over rows others hold (`skipLocked`), a settle waits for them (`forUpdate`). Writers
 * of one row wait for each other instead of being aborted, so transactions that all bump one
 * counter row (the Overview's hourly counts) don't fail each other. Run again on a deadlock.
 */
export function lockingTransaction<T>(db: Executor, work: Work<T>): Promise<T> {
  if (databaseEngine() === "sqlite") return db.transaction(work, { behavior: "immediate" });
  const transaction = db.transaction.bind(db) as unknown as PgTransaction;
  return retryingConflicts(() => transaction(work));
}
