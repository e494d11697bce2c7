import type Database from "better-sqlite3";
import type { AsyncRemoteCallback } from "drizzle-orm/sqlite-proxy";
import type { ConnectionGate } from "../connection-gate";

/*
 * Drizzle's async SQLite driver ("sqlite-proxy") run on better-sqlite3: drizzle builds the
 * SQL, this runs it on the one connection, through the gate. Statements are prepared once per
 * SQL text (drizzle's text for a query shape is stable) and kept in a bounded cache, so the
 * async driver prepares no more than the synchronous one did.
 */

const MAX_CACHED = 1_000;

export function sqliteStatements(
  sqlite: Database.Database,
  gate: ConnectionGate,
): AsyncRemoteCallback {
  const cache = new Map<string, Database.Statement>();

  function prepared(text: string): Database.Statement {
    let statement = cache.get(text);
    if (statement) {
      // Re-inserted: the map's order is then the order of last use.
      cache.delete(text);
    } else {
      statement = sqlite.prepare(text);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    }
    cache.set(text, statement);
    return statement;
  }

  function execute(text: string, params: unknown[], method: "run" | "all" | "values" | "get") {
    // SQLite ends a transaction by itself on some failures (a full disk): a rollback after
    // that would fail too and hide the error that caused it.
    if (text === "rollback" && !sqlite.inTransaction) return { rows: [] };
    const statement = prepared(text);
    if (method === "run" || !statement.reader) {
      statement.run(...params);
      return { rows: [] };
    }
    statement.raw(true);
    if (method === "get") return { rows: statement.get(...params) as unknown[] };
    return { rows: statement.all(...params) };
  }

  return async (text, params, method) => gate.statement(() => execute(text, params, method));
}
