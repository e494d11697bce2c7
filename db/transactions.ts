import type { Executor } from "./client";
import { databaseEngine } from "./engine";

/*
 * The two kinds of write transaction the domain code asks for, each mapped to what makes it
 * correct on the engine this process runs on. SQLite has one writer at a time: an IMMEDIATE
 * transaction takes the write lock first, so what it reads stays true until it commits.
 * PostgreSQL runs writers side by side, so a transaction that reads and then writes on what
 * it read is either serializable (the server aborts one of two that conflict; it is run
 * again) or locks the rows it claims (FOR UPDATE SKIP LOCKED, db/row-locks.ts).
 */

type Work<T> = (tx: Executor) => Promise<T>;
type PgTransaction = <T>(work: Work<T>, config?: { isolationLevel?: string }) => Promise<T>;

// serialization_failure and deadlock_detected: the server's way of saying "run it again".
const RETRYABLE = new Set(["40001", "40P01"]);
const ATTEMPTS = 8;

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
      // Jittered so two conflicting writers don't meet again on the next attempt.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
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
 * A claim: IMMEDIATE on SQLite; read committed on PostgreSQL, where its queries lock the rows
 * they take with FOR UPDATE SKIP LOCKED (db/row-locks.ts), so claimants never wait on each
 * other and never take the same row.
 */
export function claimTransaction<T>(db: Executor, work: Work<T>): Promise<T> {
  if (databaseEngine() === "sqlite") return db.transaction(work, { behavior: "immediate" });
  const transaction = db.transaction.bind(db) as unknown as PgTransaction;
  return retryingConflicts(() => transaction(work));
}
