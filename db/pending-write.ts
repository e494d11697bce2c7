/** A write queued for a group commit (db/sqlite/group-commit.ts, db/postgres/group-commit.ts). */
export type PendingWrite<U> = {
  work: (unit: U) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Queues `work` and asks for a flush; settles as the group commit settles the write. */
export function enqueueWrite<U, T>(
  queue: PendingWrite<U>[],
  work: (unit: U) => Promise<T>,
  schedule: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    schedule();
  });
}
