import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { startPostgresCluster } from "../../lib/testing/postgres-cluster";
import type { Report } from "./report";
import { exitOnInterrupt, processTree, ROOT, track } from "./server";

/*
 * The PostgreSQL side of `npm run bench`. The engine is chosen once per process from
 * DATABASE_URL (db/engine.ts), so the bench (on SQLite) runs its PostgreSQL parts in a child:
 * bench/bench.ts again, with DATABASE_URL on a throwaway cluster that is removed afterwards,
 * whatever happens. The child writes its report as JSON; the parent merges the rows.
 */

/** Set in the child's environment: the bench runs on PostgreSQL only when started by itself. */
export const CHILD_ENV = "BENCH_POSTGRES_CHILD";
/** The cluster's folder (its data directory holds postmaster.pid), for the server's CPU time. */
const FOLDER_ENV = "BENCH_POSTGRES_FOLDER";

/** Installs Debian's PostgreSQL server if it is missing (as `npm run test:unit` does). */
function ensureBinaries() {
  const result = spawnSync("bash", [path.join(ROOT, "scripts", "ensure-postgres.sh")], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("PostgreSQL's server binaries are missing");
}

/**
 * Starts a throwaway cluster (durable: fsync and synchronous commit on, as the SQLite file's
 * synchronous=FULL), runs `bench/bench.ts args` on it in a child process and answers the
 * child's report. The cluster is stopped and its folder removed before this settles.
 */
export async function runOnPostgres(args: string[], out: string): Promise<Report> {
  ensureBinaries();
  exitOnInterrupt();
  const cluster = await startPostgresCluster({
    durable: true,
    // The bench's own pools, two web servers' (each with a dispatcher child) and 4 workers.
    settings: { max_connections: 200 },
  });
  try {
    // Tracked: if this process exits first (interrupted too), the child is stopped and the
    // cluster's own exit hook stops the server and removes its folder.
    const child = track(
      spawn(
        process.execPath,
        ["--import", "tsx", path.join(ROOT, "bench", "bench.ts"), ...args, "--out", out],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: cluster.url,
            [CHILD_ENV]: "1",
            [FOLDER_ENV]: cluster.folder,
          },
          stdio: "inherit",
        },
      ),
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (status, signal) => resolve(signal ? 128 : status));
    });
    if (code !== 0) throw new Error(`the bench on PostgreSQL exited with ${code}`);
    return JSON.parse(readFileSync(out, "utf8")) as Report;
  } finally {
    await cluster.stop();
  }
}

/**
 * A new, empty database on the server of `url` (the child's cluster), its URL answered: each
 * part gets its own, as each gets its own SQLite file. Migrated by whoever opens it first.
 */
export async function createDatabase(url: string, name: string): Promise<string> {
  const database = `${name.replace(/[^a-z0-9_]/g, "_")}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

/** The server's version and the settings the figures depend on, for the report. */
export async function describeServer(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (name: string) =>
      String((await client.query(`show ${name}`)).rows[0]?.[name] ?? "?");
    return `PostgreSQL ${await show("server_version")}, throwaway cluster on 127.0.0.1 (fsync ${await show("fsync")}, synchronous_commit ${await show("synchronous_commit")})`;
  } finally {
    await client.end();
  }
}

/**
 * CPU time (ms, user + system) the cluster has used so far: the postmaster, the backends and
 * background processes alive now, and the ones that ended (their time is the postmaster's
 * children's time once it has reaped them). Null outside the bench's own cluster.
 */
export function postgresCpuMs(): number | null {
  const folder = process.env[FOLDER_ENV];
  if (!folder) return null;
  let postmaster: number;
  try {
    postmaster = Number(
      readFileSync(path.join(folder, "data", "postmaster.pid"), "utf8").split("\n")[0],
    );
  } catch {
    return null;
  }
  const tick = 1000 / 100; // Linux USER_HZ
  let ticks = 0;
  for (const pid of processTree(postmaster)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      if (pid === postmaster) ticks += Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone
    }
  }
  return ticks * tick;
}
