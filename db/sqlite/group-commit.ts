import type Database from "better-sqlite3";
import { errorText } from "@/lib/core/error-text";
import type { ConnectionGate } from "../connection-gate";
import { enqueueWrite, type PendingWrite } from "../pending-write";

/**
 * Group commit: every write that arrives while the event loop is busy is queued, and the
 * queue is flushed in one IMMEDIATE transaction on the next turn, so one fsync
 * (synchronous=FULL) makes many webhook events durable at once. A write that throws is
 * rolled back alone, the others commit: the writes run side by side without savepoints
 * (a savepoint and its release are two statements an event), and when one throws, the
 * transaction is rolled back and the writes it held run again, each in a savepoint of its
 * own. A write may therefore run twice; it touches nothing but its transaction (the
 * intake's decisions, like PostgreSQL's group commit, db/postgres/group-commit.ts). A caller's promise
 * settles only after COMMIT has returned, so no 202 is sent before its event is on disk.
 * The transaction holds the connection's gate: a write's work is async (the intake's port
 * is), and no other request's statement may run inside it meanwhile.
 */

export type GroupCommitOptions<U> = {
  sqlite: Database.Database;
  gate: ConnectionGate;
  /** The per-transaction view handed to each write (caches valid for this transaction). */
  openUnit: () => U & { committed?(): void };
  /** Wraps a failure of the transaction itself (BEGIN/COMMIT), e.g. a full or read-only disk. */
  unavailable: (cause: unknown) => Error;
  /** Most writes in one transaction, so a huge burst still commits in bounded steps. */
  maxBatch?: number;
  /**
   * Milliseconds of work after which a transaction takes no further writes and commits; the
   * rest wait for the next turn of the event loop. The writes' work runs as one chain of
   * microtasks, so without this bound a burst's 2,000 writes held the loop 300 ms and more.
   */
  budgetMs?: number;
  onCommit?: (count: number) => void;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** SQLite's answers that mean "storage can't take writes now" (full, read-only, I/O, locked). */
export function isStorageFailure(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    typeof code === "string" &&
    /^SQLITE_(FULL|READONLY|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM|PROTOCOL|CORRUPT|NOTADB)/.test(code)
  );
}

export function createGroupCommitter<U>(options: GroupCommitOptions<U>) {
  const { sqlite, gate } = options;
  const maxBatch = options.maxBatch ?? 2_000;
  const budgetMs = options.budgetMs ?? 20;
  const begin = sqlite.prepare("BEGIN IMMEDIATE");
  const commit = sqlite.prepare("COMMIT");
  const savepoint = sqlite.prepare("SAVEPOINT intake_item");
  const release = sqlite.prepare("RELEASE intake_item");
  const rollbackTo = sqlite.prepare("ROLLBACK TO intake_item");
  const queue: PendingWrite<U>[] = [];
  let scheduled = false;
  /** Writes at the front of the queue whose group was rolled back: they run in savepoints. */
  let careful = 0;

  const busyTimeoutMs = Number(sqlite.pragma("busy_timeout", { simple: true })) || 5_000;
  let busySince: number | null = null;

  /**
   * Takes the write lock without waiting for it. SQLite's busy handler would sleep on this
   * thread while another process (a dispatcher) writes, stalling every request the server
   * holds; instead, a busy lock is tried again a millisecond later, and the requests that
   * arrive meanwhile join this transaction. Still busy after the connection's busy_timeout:
   * the storage is unavailable for these writes.
   */
  function tryBegin(): "begun" | "busy" | { error: unknown } {
    sqlite.pragma("busy_timeout = 0");
    try {
      begin.run();
      busySince = null;
      return "begun";
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== "SQLITE_BUSY") return { error };
      busySince ??= Date.now();
      return Date.now() - busySince < busyTimeoutMs ? "busy" : { error };
    } finally {
      sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  }

  /** One write's work: its outcome, or "regroup" when it threw outside a savepoint. */
  async function attempt(
    item: PendingWrite<U>,
    unit: U,
    inSavepoint: boolean,
  ): Promise<Outcome | "regroup"> {
    if (inSavepoint) savepoint.run();
    try {
      const value = await item.work(unit);
      if (inSavepoint) release.run();
      return { ok: true, value };
    } catch (error) {
      // The disk or the database refusing writes is everyone's failure, not this item's.
      if (isStorageFailure(error)) throw error;
      if (!inSavepoint) return "regroup";
      rollbackTo.run();
      release.run();
      return { ok: false, error };
    }
  }

  function flush() {
    gate.exclusive(flushHolding).catch((error: unknown) => {
      // flushHolding settles every item itself; this is only a bug's last word.
      console.error("Group commit failed:", errorText(error));
    });
  }

  async function flushHolding() {
    scheduled = false;
    if (queue.length === 0) return;
    const begun = tryBegin();
    if (begun === "busy") {
      scheduled = true;
      setTimeout(flush, 1);
      return;
    }
    if (begun !== "begun") {
      busySince = null;
      const refused = queue.splice(0, maxBatch);
      careful = Math.max(0, careful - refused.length);
      if (queue.length > 0) schedule();
      for (const item of refused) item.reject(options.unavailable(begun.error));
      return;
    }

    const items: PendingWrite<U>[] = [];
    const outcomes: Outcome[] = [];
    const unit = options.openUnit();
    const started = performance.now();
    const inSavepoints = careful > 0;
    const limit = Math.min(queue.length, inSavepoints ? careful : maxBatch);
    let regroup = false;
    try {
      try {
        // Items are taken from the front while the budget lasts, and leave the queue in one
        // splice once taken (not a shift per item).
        while (
          items.length < limit &&
          (items.length === 0 || performance.now() - started < budgetMs)
        ) {
          const item = queue[items.length] as PendingWrite<U>;
          items.push(item);
          const outcome = await attempt(item, unit, inSavepoints);
          if (outcome === "regroup") {
            regroup = true;
            careful = items.length;
            break;
          }
          outcomes.push(outcome);
        }
      } finally {
        if (!regroup) {
          queue.splice(0, items.length);
          if (inSavepoints) careful -= items.length;
        }
        if (queue.length > 0) schedule();
      }
      if (regroup) {
        // The failed write's statements are mixed with its group's: all of them go again,
        // each in a savepoint, on the next turn.
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
        return;
      }
      commit.run();
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      for (const item of items) item.reject(options.unavailable(error));
      return;
    }
    unit.committed?.();
    options.onCommit?.(outcomes.filter((outcome) => outcome.ok).length);
    items.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return {
    run: <T>(work: (unit: U) => Promise<T>) => enqueueWrite(queue, work, schedule),
    /** Writes waiting for their transaction. */
    get pending() {
      return queue.length;
    },
  };
}
