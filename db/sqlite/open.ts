import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle as drizzleSync } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle } from "drizzle-orm/sqlite-proxy";
import type { DB, SqliteDB } from "../client";
import { type ConnectionGate, createConnectionGate } from "../connection-gate";
import { makeDatabaseFilePrivate } from "../file-mode";
import * as schema from "../schema";
import { type Checkpointer, startCheckpointer } from "./checkpointer";
import { sqliteStatements } from "./statements";

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

/** Opens (creating and migrating if needed) a database file with the settings every Beacon process shares. */
export function openSqlite(file: string): SqliteDB {
  if (file !== ":memory:")
    mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  makeDatabaseFilePrivate(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL (not NORMAL) in WAL mode: a 202 promises the event survives a power loss.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // Every intake event runs in its own savepoint (group-commit.ts). Its sub-journal, once
  // past 64 KiB, spills to a temporary file and then costs a write() for every page it keeps:
  // 50 µs of each event's 240. In memory it holds one event's pages at a time.
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("busy_timeout = 5000");
  migrate(drizzleSync(sqlite), {
    migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations"),
  });
  const gate = gateFor(file);
  const db = drizzle(sqliteStatements(sqlite, gate), { schema }) as SqliteDB;
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
  db.$engine = "sqlite";
  db.$client = sqlite;
  db.$gate = gate;
  db.$ready = Promise.resolve();
  return db;
}

/** WAL frames after which the web server's commits checkpoint anyway, should its checkpoint thread lag. */
const WEB_CHECKPOINT_FRAMES = 10_000;

/**
 * Moves the web server's WAL checkpoints off its event loop, onto a thread of their own
 * (db/sqlite/checkpointer.ts). A checkpoint that runs in a commit runs on the thread that
 * answers webhooks: at SQLite's usual 1,000 frames, about once in three group commits of a
 * batch burst, 15-20 ms each time. The web's commits checkpoint only past 10,000 frames.
 * Null on PostgreSQL and for a database in memory.
 */
export function checkpointOffTheLoop(db: DB): Checkpointer | null {
  if (db.$engine !== "sqlite" || db.$client.memory) return null;
  db.$client.pragma(`wal_autocheckpoint = ${WEB_CHECKPOINT_FRAMES}`);
  return startCheckpointer(db.$client.name);
}

/** Synchronous work on the raw SQLite connection (prepared statements), holding the gate. */
export function withConnection<T>(db: DB, work: (sqlite: Database.Database) => T): Promise<T> {
  const sqlite = sqliteOf(db);
  return sqlite.$gate.exclusive(() => work(sqlite.$client));
}

/** The SQLite handle of a database, for the adapters that exist only for that engine. */
export function sqliteOf(db: DB): SqliteDB {
  if (db.$engine !== "sqlite") throw new Error("This adapter runs on SQLite only");
  return db;
}
