import type { Pool, PoolClient } from "pg";
import { enqueueWrite, type PendingWrite } from "../pending-write";

/**
 * Group commit on PostgreSQL: the writes that arrive in one turn of the event loop share
 * transactions, a few of them side by side on the pool's connections, so a batch of 100
 * events costs a handful of BEGIN/COMMIT round trips and WAL flushes instead of 100 of each.
 * A caller's promise settles only after its transaction's COMMIT has returned.
 *
 * A write that throws aborts its transaction for all who share it (PostgreSQL has no
 * per-statement rollback without a savepoint, which would cost two round trips a write), so
 * the group is rolled back and each of its writes runs again in a transaction of its own:
 * the failing one fails alone, the others commit. The writes are the intake's decisions,
 * which touch nothing but their transaction, so running one again is safe. A deadlock
 * between two groups is settled the same way.
 */

export type PostgresGroupCommitOptions<U> = {
  pool: Pool;
  /** The statement that opens a transaction. */
  begin: string;
  /** The per-transaction view handed to each write, on the transaction's connection. */
  openUnit: (client: PoolClient) => U & { committed?(): void };
  /** True for failures of the database or the connection rather than of one write. */
  isUnavailable: (error: unknown) => boolean;
  unavailable: (cause: unknown) => Error;
  /** Transactions in flight at once, each on its own pooled connection. */
  maxGroups: number;
  /** Most writes in one transaction. */
  maxBatch?: number;
  onCommit?: () => void;
};

export function createPostgresGroupCommitter<U>(options: PostgresGroupCommitOptions<U>) {
  const maxBatch = options.maxBatch ?? 100;
  const maxGroups = Math.max(1, options.maxGroups);
  const queue: PendingWrite<U>[] = [];
  let inFlight = 0;
  let running = 0;
  let scheduled = false;

  /** Runs the items in one transaction: "split" when one of them threw on its own account. */
  async function attempt(client: PoolClient, items: PendingWrite<U>[]): Promise<"done" | "split"> {
    const unit = options.openUnit(client);
    const values: unknown[] = [];
    try {
      await client.query(options.begin);
      for (const item of items) values.push(await item.work(unit));
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      if (options.isUnavailable(error)) throw error;
      if (items.length > 1) return "split";
      items[0]?.reject(error);
      return "done";
    }
    try {
      await client.query("commit");
    } catch (error) {
      // A failed COMMIT leaves the writes' fate to the server: the callers retry.
      throw options.isUnavailable(error) ? error : options.unavailable(error);
    }
    unit.committed?.();
    options.onCommit?.();
    items.forEach((item, index) => {
      item.resolve(values[index]);
    });
    return "done";
  }

  async function runGroup(items: PendingWrite<U>[]) {
    let client: PoolClient;
    try {
      client = await options.pool.connect();
    } catch (error) {
      for (const item of items) item.reject(options.unavailable(error));
      return;
    }
    let broken: Error | undefined;
    let settled = 0;
    try {
      if ((await attempt(client, items)) === "split") {
        for (const item of items) {
          await attempt(client, [item]);
          settled += 1;
        }
      } else {
        settled = items.length;
      }
    } catch (error) {
      // The connection or the database failed: every write not yet settled can't be stored now.
      broken = error instanceof Error ? error : new Error(String(error));
      for (const item of items.slice(settled)) item.reject(options.unavailable(error));
    } finally {
      client.release(broken);
    }
  }

  function drain() {
    scheduled = false;
    // A share of the queue as if every connection were free: a connection that frees up
    // while the others are busy must not take the whole queue into one long transaction,
    // whose writes run one after another (the last one's caller waits for all of them).
    const share = Math.min(maxBatch, Math.ceil(queue.length / maxGroups));
    while (queue.length > 0 && inFlight < maxGroups) {
      const items = queue.splice(0, share);
      inFlight += 1;
      running += items.length;
      void runGroup(items).finally(() => {
        inFlight -= 1;
        running -= items.length;
        if (queue.length > 0) schedule();
      });
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(drain);
  }

  return {
    run: <T>(work: (unit: U) => Promise<T>) => enqueueWrite(queue, work, schedule),
    /** Writes waiting for their transaction or inside one. */
    get pending() {
      return queue.length + running;
    },
  };
}
