import { AsyncLocalStorage } from "node:async_hooks";

/*
 * One SQLite connection serves every request of a process, and a transaction on it now spans
 * awaits. Without a gate, a statement of another request that runs between two of those
 * awaits would land inside the open transaction (and be rolled back with it). The gate gives
 * the connection to one holder at a time: a transaction (or a group commit) holds it until it
 * settles, and a single statement from anywhere else waits for it. The holder is recognised
 * through AsyncLocalStorage, so its own statements, however deeply awaited, pass at once.
 * Kysely's SQLite driver guards its one connection the same way (a mutex per acquisition).
 *
 * Never await, while holding the gate, work that needs the connection from another context
 * (for example a group-commit write): it would wait for a holder that waits for it.
 */

export type ConnectionGate = {
  /** Runs `work` with the connection to itself; statements from elsewhere wait until it settles. */
  exclusive<T>(work: () => Promise<T> | T): Promise<T>;
  /** Runs one statement: at once when the connection is free (or ours), else after the holder. */
  statement<T>(run: () => T): T | Promise<T>;
  /** Whether the caller holds the connection (inside `exclusive`). */
  readonly held: boolean;
};

export function createConnectionGate(): ConnectionGate {
  const context = new AsyncLocalStorage<symbol>();
  let holder: symbol | null = null;
  const waiting: { token: symbol; start: () => void }[] = [];

  // Handing over sets the next holder before it resumes, so nothing slips in between.
  function take(token: symbol): Promise<void> | undefined {
    if (holder === null) {
      holder = token;
      return undefined;
    }
    return new Promise((start) => waiting.push({ token, start }));
  }

  function give() {
    const next = waiting.shift();
    holder = next ? next.token : null;
    next?.start();
  }

  const ours = () => holder !== null && context.getStore() === holder;

  return {
    async exclusive(work) {
      if (ours()) return work();
      const token = Symbol("holder");
      await take(token);
      try {
        return await context.run(token, work);
      } finally {
        give();
      }
    },
    statement(run) {
      if (holder === null || ours()) return run();
      const token = Symbol("statement");
      return (take(token) ?? Promise.resolve()).then(() => {
        try {
          return run();
        } finally {
          give();
        }
      });
    },
    get held() {
      return ours();
    },
  };
}
