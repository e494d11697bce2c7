import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle as drizzleSync } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import {
  drizzle,
  type SqliteRemoteDatabase,
  type SqliteRemoteResult,
} from "drizzle-orm/sqlite-proxy";
import { type ConnectionGate, createConnectionGate } from "./connection-gate";
import { makeDatabaseFilePrivate } from "./file-mode";
import * as schema from "./schema";
import { sqliteStatements } from "./sqlite-statements";

// No "server-only" marker here: the standalone worker and the benchmarks (plain Node) open
// the database too. Nothing in the browser bundle imports this module.

/**
 * The database, queried asynchronously (every query is awaited, every transaction's work is
 * an async function), with the raw connection beside it for the adapters that prepare their
 * own statements (the intake store, the schedulers) and the gate they must hold to use it.
 */
export type DB = SqliteRemoteDatabase<typeof schema> & {
  $client: Database.Database;
  $gate: ConnectionGate;
};

/** The database or a transaction on it: what query helpers take, so callers can compose them. */
export type Executor = BaseSQLiteDatabase<"async", SqliteRemoteResult, typeof schema>;

export const DEFAULT_DATABASE_PATH = "data/beacon.db";

export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

// Connections of one process to one file share a gate: SQLite's busy wait for a lock that
// another connection of this thread holds would block the very thread that must release it.
const gates = new Map<string, ConnectionGate>();

function gateFor(file: string): ConnectionGate {
  if (file === ":memory:") return createConnectionGate();
  const key = path.resolve(/*turbopackIgnore: true*/ file);
  let gate = gates.get(key);
  if (!gate) {
    gate = createConnectionGate();
    gates.set(key, gate);
  }
  return gate;
}

/** Opens (creating if needed) a database file with the settings every Beacon process must share. */
export function openDatabase(file: string = databasePath()): DB {
  if (file !== ":memory:")
    mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  makeDatabaseFilePrivate(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL (not NORMAL) in WAL mode: a 202 promises the event survives a power loss.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  migrate(drizzleSync(sqlite), {
    migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations"),
  });
  const gate = gateFor(file);
  const db = drizzle(sqliteStatements(sqlite, gate), { schema }) as DB;
  const transaction = db.transaction.bind(db);
  // A transaction holds the connection until it settles (see connection-gate.ts).
  db.transaction = (work, config) => gate.exclusive(() => transaction(work, config));
  // This driver answers raw reads with rows as arrays, not objects, and PostgreSQL's driver
  // has no such calls: a raw read is the query builder with sql<T> fields, or a prepared
  // statement inside withConnection. Refused here rather than misread later.
  for (const method of ["all", "get", "values"] as const) {
    db[method] = (() => {
      throw new Error(`db.${method}(sql) is not supported: use db.select() or withConnection`);
    }) as never;
  }
  db.$client = sqlite;
  db.$gate = gate;
  return db;
}

/** Synchronous work on the raw connection (prepared statements), holding the gate. */
export function withConnection<T>(db: DB, work: (sqlite: Database.Database) => T): Promise<T> {
  return db.$gate.exclusive(() => work(db.$client));
}

/** The first row a query answers, or undefined: the engine-neutral `.get()`. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

const globalForDb = globalThis as unknown as { beaconDb?: DB };

/** The process-wide connection, cached on globalThis so hot reload and separate bundles share it. */
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
