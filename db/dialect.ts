import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { databaseEngine } from "./engine";
import { postgresSearchMatches } from "./postgres/search";
import { sqliteSearchMatches } from "./sqlite/search";

/*
 * The few SQL fragments the two engines spell differently, for queries written once.
 */

const onSqlite = databaseEngine() === "sqlite";

/**
 * The column as an expression no index serves: SQLite's unary plus, which keeps its planner
 * on the better index of a query (it has no statistics to cost them by). PostgreSQL's
 * planner costs both itself, and has no unary plus for text.
 */
export function unindexed(column: AnyColumn): SQL {
  return onSqlite ? sql`+${column}` : sql`${column}`;
}

/** The current time in epoch milliseconds, as the `created_at` defaults compute it. */
export const nowMs: SQL = onSqlite
  ? sql`(unixepoch('subsec') * 1000)`
  : sql`(floor(extract(epoch from statement_timestamp()) * 1000)::bigint)`;

/** A top-level text field of a JSON column, or null. */
export function jsonField(column: AnyColumn, key: string): SQL<string | null> {
  if (!/^\w+$/.test(key)) throw new Error(`not a JSON field name: ${key}`);
  return onSqlite
    ? sql<string | null>`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`
    : sql<string | null>`(${column} ->> ${sql.raw(`'${key}'`)})`;
}

/**
 * The ids of the account's newest notifications (at most `limit`) whose title, host, event id
 * or organization match the words: SQLite's FTS5 table or PostgreSQL's tsvector table.
 */
export const textSearchMatches: (accountId: string, q: string, limit: number) => SQL | undefined =
  onSqlite ? sqliteSearchMatches : postgresSearchMatches;
