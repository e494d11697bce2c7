import { execFile, execFileSync } from "node:child_process";
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";

/*
 * A throwaway PostgreSQL for tests and benchmarks: the server binaries of the machine
 * (Debian's `postgresql` package: /usr/lib/postgresql/<version>/bin), a cluster initialised
 * in a fresh temporary folder, listening on a free port of 127.0.0.1 only (its socket inside
 * that folder), removed again by stop(). Run as root, the binaries run as the `postgres`
 * user, which PostgreSQL requires, and the folder is owned by it.
 */

const run = promisify(execFile);

export type PostgresClusterOptions = {
  /** The database created for the caller (the URL's path). */
  database?: string;
  /**
   * Keep PostgreSQL's crash safety (fsync, synchronous commit, full page writes). Off by
   * default: a throwaway cluster never survives a crash, and the flushes cost tests seconds.
   */
  durable?: boolean;
  /** More server settings (`-c name=value`), e.g. `{ max_connections: 300 }`. */
  settings?: Record<string, string | number | boolean>;
  /** The folder of initdb, pg_ctl and postgres; by default the newest under /usr/lib/postgresql. */
  binDir?: string;
};

export type PostgresCluster = {
  /** postgres://postgres@127.0.0.1:<port>/<database>: the superuser, no password (trust). */
  url: string;
  port: number;
  /** The temporary folder: the data directory, the socket and the server's log. */
  folder: string;
  /** Stops the server (pg_ctl stop -m fast) and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
};

const SUPERUSER = "postgres";
const POSTGRESQL_ROOT = "/usr/lib/postgresql";

/** The newest installed server's bin folder (POSTGRES_BIN_DIR overrides it). */
export function findPostgresBinDir(): string {
  const fromEnv = process.env.POSTGRES_BIN_DIR;
  if (fromEnv) return fromEnv;
  const versions = existsSync(POSTGRESQL_ROOT)
    ? readdirSync(POSTGRESQL_ROOT)
        .filter((name) => /^\d+(\.\d+)?$/.test(name))
        .filter((name) => existsSync(path.join(POSTGRESQL_ROOT, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `No PostgreSQL server binaries under ${POSTGRESQL_ROOT}/*/bin: install the postgresql ` +
        "package (apt-get install postgresql) or set POSTGRES_BIN_DIR.",
    );
  }
  return path.join(POSTGRESQL_ROOT, versions[0]!, "bin");
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** The postgres user's uid and gid, when we run as root and must hand the cluster over to it. */
function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync("id", ["-u", SUPERUSER], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", SUPERUSER], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `Running as root, PostgreSQL needs the "${SUPERUSER}" user (the postgresql package creates it).`,
    );
  }
}

/** The command line that runs a server binary: as the postgres user when we are root. */
function command(binary: string, args: string[]): [string, string[]] {
  if (!isRoot()) return [binary, args];
  return ["runuser", ["-u", SUPERUSER, "--", binary, ...args]];
}

function commandSync(binary: string, args: string[], cwd: string) {
  const [file, argv] = command(binary, args);
  execFileSync(file, argv, { cwd, stdio: "ignore", timeout: 30_000 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function confValue(value: string | number | boolean): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "on" : "off";
  return `'${value.replace(/'/g, "''")}'`;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export async function startPostgresCluster(
  options: PostgresClusterOptions = {},
): Promise<PostgresCluster> {
  const database = options.database ?? "beacon";
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Invalid database name ${database}`);
  const binDir = options.binDir ?? findPostgresBinDir();
  const bin = (name: string) => path.join(binDir, name);

  const folder = mkdtempSync(path.join(os.tmpdir(), "beacon-pg-"));
  const dataDir = path.join(folder, "data");
  const logFile = path.join(folder, "server.log");
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    chownSync(folder, uid, gid);
  }
  const exec = async (binary: string, args: string[]) => {
    const [file, argv] = command(binary, args);
    // cwd: the postgres user may not enter the caller's directory (root's home, say).
    return run(file, argv, { cwd: folder, timeout: 120_000 });
  };

  let started = false;
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  // A test run that ends without stop() (a crash, a forgotten afterAll) must not leave a
  // server behind: stop it, synchronously, as the process exits.
  const onExit = () => {
    try {
      if (started) commandSync(bin("pg_ctl"), ["stop", "-D", dataDir, "-m", "immediate"], folder);
    } catch {
      // Already gone.
    }
    removeFolder();
  };
  process.once("exit", onExit);

  try {
    await exec(bin("initdb"), [
      "-D",
      dataDir,
      "-U",
      SUPERUSER,
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--no-locale",
      ...(options.durable ? [] : ["--no-sync"]),
    ]);

    const settings: Record<string, string | number | boolean> = {
      listen_addresses: "127.0.0.1",
      unix_socket_directories: folder,
      ...(options.durable
        ? {}
        : { fsync: false, synchronous_commit: false, full_page_writes: false }),
      ...options.settings,
    };
    // Written by the caller (root or the cluster's owner): the file stays the postgres user's.
    appendFileSync(
      path.join(dataDir, "postgresql.conf"),
      `\n# beacon test cluster\n${Object.entries(settings)
        .map(([name, value]) => `${name} = ${confValue(value)}`)
        .join("\n")}\n`,
    );

    // A free port may be taken by someone else before the server binds it: try another.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await exec(bin("pg_ctl"), [
          "start",
          "-D",
          dataDir,
          "-l",
          logFile,
          "-w",
          "-t",
          "60",
          "-o",
          `-p ${port}`,
        ]);
        started = true;
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }

    // pg_ctl -w has seen the server accept connections; create the caller's database.
    const admin = new Client({ host: "127.0.0.1", port, user: SUPERUSER, database: "postgres" });
    await admin.connect();
    try {
      await admin.query(`create database "${database}"`);
    } finally {
      await admin.end();
    }

    let stopping: Promise<void> | undefined;
    return {
      url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`,
      port,
      folder,
      stop() {
        stopping ??= (async () => {
          process.removeListener("exit", onExit);
          try {
            await exec(bin("pg_ctl"), ["stop", "-D", dataDir, "-m", "fast", "-w"]);
          } finally {
            started = false;
            removeFolder();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    const log = tail(logFile);
    process.removeListener("exit", onExit);
    onExit();
    const detail = error as Error & { stderr?: string };
    throw new Error(
      `Could not start a PostgreSQL cluster with ${binDir}: ${detail.message}\n` +
        `${detail.stderr ?? ""}\nserver log:\n${log}`,
    );
  }
}
