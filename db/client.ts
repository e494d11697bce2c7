import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { SqliteRemoteDatabase, SqliteRemoteResult } from "drizzle-orm/sqlite-proxy";
import type { Pool } from "pg";
import type { ConnectionGate } from "./connection-gate";
import { databaseEngine, type Engine } from "./engine";
import { openPostgres } from "./postgres/open";
import type * as schema from "./schema";
import { openSqlite } from "./sqlite/open";

// No "server-only" marker here: the standalone worker and the benchmarks (plain Node) open
// the database too. Nothing in the browser bundle imports this module.

type Queries = SqliteRemoteDatabase<typeof schema> & {
  $engine: Engine;
  /** Settles when the database is ready for queries (migrated); rejects with the reason it is not. */
  $ready: Promise<void>;
};

/** The embedded engine: one connection per process, and the gate its holders share. */
export type SqliteDB = Queries & {
  $engine: "sqlite";
  $client: Database.Database;
  $gate: ConnectionGate;
};

/** The server engine: a pool of connections (DATABASE_POOL_MAX). */
export type PostgresDB = Queries & { $engine: "postgres"; $pool: Pool };

/**
 * The database, queried asynchronously (every query awaited, every transaction's work an
 * async function) through one query builder for both engines: the domain code is written
 * once. The engine-specific adapters (the intake's prepared statements, claiming, waking)
 * narrow on `$engine`.
 */
export type DB = SqliteDB | PostgresDB;

/** The database or a transaction on it: what query helpers take, so callers can compose them. */
export type Executor = BaseSQLiteDatabase<"async", SqliteRemoteResult, typeof schema>;

export const DEFAULT_DATABASE_PATH = "data/beacon.db";

export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/**
 * Where this process keeps its data: the PostgreSQL server of DATABASE_URL when it names
 * one, else the SQLite file at DATABASE_PATH.
 */
export function databaseTarget(): string {
  const url = process.env.DATABASE_URL;
  return url && databaseEngine(url) === "postgres" ? url : databasePath();
}

/** Where the database is, for a log line: never the password of DATABASE_URL. */
export function describeTarget(target: string = databaseTarget()): string {
  if (databaseEngine(target) !== "postgres") return target;
  const url = new URL(target);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/**
 * Opens a database: a postgres:// URL on PostgreSQL, anything else as a SQLite file (or
 * ":memory:"). Both are migrated before their first query.
 */
export function openDatabase(target: string = databaseTarget()): DB {
  // The tables are chosen for the process's engine when db/schema.ts loads.
  const engine = databaseEngine(target);
  if (engine !== databaseEngine())
    throw new Error(
      engine === "postgres"
        ? "this process runs on SQLite (DATABASE_URL is not postgres://): it cannot open PostgreSQL"
        : "DATABASE_URL names PostgreSQL: this process cannot also open a SQLite file",
    );
  return engine === "postgres" ? openPostgres(target) : openSqlite(target);
}

/**
 * What identifies a database across handles of it (the process-wide proxy `db` and the
 * handle it stands for): per-database caches are keyed by it.
 */
export function connectionOf(db: DB): object {
  return db.$engine === "postgres" ? db.$pool : db.$client;
}

/** Closes the database's connections. */
export async function closeDatabase(db: DB): Promise<void> {
  if (db.$engine === "postgres") await db.$pool.end();
  else db.$client.close();
}

/** Whether the database answers (the health check). */
export async function ping(db: DB): Promise<void> {
  await db.$ready;
  await db.select({ one: sql<number>`1` }).from(sql`(select 1) as ping`);
}

/** The first row a query answers, or undefined: the engine-neutral `.get()`. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

const globalForDb = globalThis as unknown as { beaconDb?: DB };

/** The process-wide database, cached on globalThis so hot reload and separate bundles share it. */
export function getDb(): DB {
  globalForDb.beaconDb ??= openDatabase();
  return globalForDb.beaconDb;
}

export const db: DB = new Proxy({} as DB, {
  get(_target, property) {
    const real = getDb();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
