import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { Client, Pool } from "pg";
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

/**
 * A pool on the server at `url`, migrated before its first query: every query waits for the
 * migration (db.$ready), so a process can be handed its database before the schema is there.
 */
export function openPostgres(url: string): PostgresDB {
  const pool = new Pool({ connectionString: url, max: poolMax() });
  // An idle connection that the server drops must not crash the process; the next query
  // opens a new one.
  pool.on("error", (error) =>
    console.error(`Beacon: PostgreSQL connection lost: ${error.message}`),
  );
  const ready = migratePostgres(url);
  ready.catch(() => undefined); // awaited by every query and by startup, which report it
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as () => Promise<unknown>;
  pool.query = (async (...args: unknown[]) => {
    await ready;
    return query(...args);
  }) as typeof pool.query;
  pool.connect = (async () => {
    await ready;
    return connect();
  }) as typeof pool.connect;
  const db = drizzle(pool, { schema }) as unknown as PostgresDB;
  db.$engine = "postgres";
  db.$pool = pool;
  db.$ready = ready;
  return db;
}
