import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { makeDatabaseFilePrivate } from "./file-mode";
import * as schema from "./schema";

// No "server-only" marker here: the standalone worker and the benchmarks (plain Node) open
// the database too. Nothing in the browser bundle imports this module.

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The database or a transaction on it: what query helpers take, so callers can compose them. */
export type Executor = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

export const DEFAULT_DATABASE_PATH = "data/beacon.db";

export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
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
  const db = drizzle(sqlite, { schema }) as DB;
  migrate(db, {
    migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations"),
  });
  return db;
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
