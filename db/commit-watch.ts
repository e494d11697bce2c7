import { Client } from "pg";
import type { DB } from "./client";

/*
 * How an idle dispatcher learns that another process committed work. SQLite: its
 * data_version changes when another connection commits to the file, so the dispatcher reads
 * it every few milliseconds while idle (a cheap pragma). PostgreSQL: the writes' triggers
 * NOTIFY beacon_work (db/postgres/migrations/0001), and a connection of its own LISTENs, so
 * a dispatcher on any machine wakes at once; a slow tick stands in for a notification lost
 * while that connection was being reopened.
 */

export const WORK_CHANNEL = "beacon_work";

/** Without a notification, an idle dispatcher on PostgreSQL still looks this often. */
export const SAFETY_POLL_MS = 2_000;

const RECONNECT_MS = 1_000;

export type CommitWatch = {
  /** Changes when work may have been committed elsewhere since the last read. */
  version(): Promise<number>;
  close(): Promise<void>;
};

export function watchCommits(
  db: DB,
  onCommit: () => void,
  log: (message: string) => void = console.error,
): CommitWatch {
  if (db.$engine === "sqlite") {
    const sqlite = db;
    return {
      // Read through the gate: never inside a transaction another context holds open.
      version: async () =>
        (await sqlite.$gate.statement(() =>
          sqlite.$client.pragma("data_version", { simple: true }),
        )) as number,
      close: async () => undefined,
    };
  }
  let counter = 0;
  let closed = false;
  let client: Client | null = null;
  const bump = () => {
    counter += 1;
    onCommit();
  };
  const safety = setInterval(bump, SAFETY_POLL_MS);
  safety.unref();
  const options = db.$pool.options;

  async function listen(): Promise<void> {
    if (closed) return;
    const next = new Client(options);
    next.on("notification", bump);
    next.on("error", (error) => {
      log(`Beacon: the dispatcher's LISTEN connection failed (${error.message}); reopening`);
      reopen(next);
    });
    next.on("end", () => reopen(next));
    try {
      await db.$ready;
      await next.connect();
      await next.query(`listen ${WORK_CHANNEL}`);
      client = next;
      // Work committed while no connection listened is looked for now.
      bump();
    } catch (error) {
      log(`Beacon: the dispatcher cannot LISTEN (${(error as Error).message}); retrying`);
      reopen(next);
    }
  }

  function reopen(failed: Client) {
    if (closed || (client !== null && client !== failed)) return;
    client = null;
    failed.removeAllListeners();
    failed.end().catch(() => undefined);
    setTimeout(() => void listen(), RECONNECT_MS).unref();
  }

  void listen();
  return {
    version: async () => counter,
    async close() {
      closed = true;
      clearInterval(safety);
      const last = client;
      client = null;
      last?.removeAllListeners();
      await last?.end().catch(() => undefined);
    },
  };
}
