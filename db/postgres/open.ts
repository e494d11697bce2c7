import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { Client, Pool, types } from "pg";
import type { PostgresDB } from "../client";
import * as schema from "../schema";

/** Connections per process: the web server and the dispatcher each keep their own pool. */
export function poolMax(value: string | undefined = process.env.DATABASE_POOL_MAX): number {
  const max = Number(value);
  return Number.isInteger(max) && max > 0 ? max : 10;
}

// Every Beacon process that starts migrates first; the lock makes the others wait for the
// one that runs them, then find nothing left to do. The key is arbitrary but fixed.
const MIGRATION_LOCK = 4_242_001;

/** Applies the committed PostgreSQL migrations once, however many processes start at once. */
export async function migratePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), {
      migrationsFolder: path.join(
        /*turbopackIgnore: true*/ process.cwd(),
        "db",
        "postgres",
        "migrations",
      ),
    });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

const INT8 = 20;
const NUMERIC = 1700;

// Counts, sums and epoch-millisecond times read back as numbers, as they do on SQLite
// (node-postgres keeps int8 and numeric as strings, for values past 2^53 that Beacon never has).
const getTypeParser = ((oid: number, format?: "text" | "binary") =>
  oid === INT8 || oid === NUMERIC
    ? (value: string) => Number(value)
    : types.getTypeParser(oid, format as "text")) as typeof types.getTypeParser;

/**
 * A pool on the server at `url`, migrated before its first query: every query waits for the
 * migration (db.$ready), so a process can be handed its database before the schema is there.
 */
export function openPostgres(
  url: string,
  /** Runs before the migration: a test creates its database here. */
  setUp?: () => Promise<void>,
): PostgresDB {
  const pool = new Pool({ connectionString: url, max: poolMax(), types: { getTypeParser } });
  // An idle connection that the server drops must not crash the process; the next query
  // opens a new one.
  pool.on("error", (error) =>
    console.error(`Beacon: PostgreSQL connection lost: ${error.message}`),
  );
  const ready = (setUp ? setUp() : Promise.resolve()).then(() => migratePostgres(url));
  ready.catch(() => undefined); // awaited by every query and by startup, which report it
  // pool.query connects through pool.connect too (with a callback): one wait covers both.
  const connect = pool.connect.bind(pool) as (callback?: (...args: unknown[]) => void) => unknown;
  pool.connect = ((callback?: (...args: unknown[]) => void) => {
    if (!callback) return ready.then(() => connect());
    ready.then(() => connect(callback), callback);
  }) as typeof pool.connect;
  const db = drizzle(pool, { schema }) as unknown as PostgresDB;
  db.$engine = "postgres";
  db.$pool = pool;
  db.$ready = ready;
  return db;
}

/**
 * Runs `work` while holding a session advisory lock of the server (on a connection of its
 * own), so that of several instances starting at once one does it and the others wait, then
 * find it done.
 */
export async function withAdvisoryLock<T>(
  db: PostgresDB,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  const client = await db.$pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [key]);
    try {
      return await work();
    } finally {
      await client.query("select pg_advisory_unlock($1)", [key]);
    }
  } finally {
    client.release();
  }
}
