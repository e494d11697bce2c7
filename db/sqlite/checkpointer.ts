import { Worker } from "node:worker_threads";

/*
 * WAL checkpoints (copying committed pages into the database file) on a thread of their
 * own. A checkpoint that runs inside a COMMIT runs on the thread that answers webhooks: in a
 * 10,000-event burst the web server's fallback checkpoint held one COMMIT 86 ms, while the
 * dispatcher child, whose commits checkpoint otherwise, was busy rendering. This thread has
 * its own connection to the file and checkpoints PASSIVE (never waiting for a lock, never
 * blocking a writer) whenever another connection has committed since its last look.
 */

const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
// A first look at once: the commits made while this thread started are still to copy.
let seen = -1;
const timer = setInterval(() => {
  const version = db.pragma("data_version", { simple: true });
  if (version === seen) return;
  seen = version;
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or failing: the next commit's look tries again; the writers' own threshold is the fallback.
  }
}, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export type Checkpointer = {
  /** Resolves once the thread has closed its connection. */
  stop(): Promise<void>;
};

export function startCheckpointer(file: string, everyMs = 50): Checkpointer {
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, everyMs } });
  // Never what keeps the process alive.
  worker.unref();
  worker.on("error", (error) => {
    console.error(`Beacon: the checkpoint thread stopped (${error.message}); commits checkpoint.`);
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      }),
  };
}
