import { sql } from "drizzle-orm";
import { customType } from "drizzle-orm/pg-core";

/*
 * Column kinds of the PostgreSQL schema that keep SQLite's stored representation, so that
 * a raw SQL fragment written once (`next_attempt_at <= ${now}`, `is_test = 0`, an hour's
 * `created_at / 3600000 * 3600000`) means the same on both engines.
 */

/**
 * A Date stored as epoch milliseconds in a `bigint`: the mirror of SQLite's
 * `integer(…, { mode: "timestamp_ms" })`. node-postgres returns int8 as a string (and a
 * nested relation's JSON as a number): both read back as the same Date.
 */
export const timestampMs = customType<{ data: Date; driverData: string | number }>({
  dataType: () => "bigint",
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

/**
 * A boolean stored as 0 or 1 in an `integer`, like SQLite's `integer(…, { mode: "boolean" })`,
 * for the columns that raw SQL compares with a number: `notifications.is_test` appears as
 * `is_test = 0` in queries and as `is_test = 0` / `is_test = 1` in partial index predicates,
 * which a PostgreSQL `boolean` would reject (no boolean = integer operator).
 */
export const intBoolean = customType<{ data: boolean; driverData: number | string }>({
  dataType: () => "integer",
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => Number(value) !== 0,
});

/**
 * The current time in epoch milliseconds, the default of `created_at` / `updated_at`: SQLite's
 * `unixepoch('subsec') * 1000`. `statement_timestamp()` is fixed per statement, as SQLite's
 * 'now' is per step (`now()` would be the transaction's start).
 */
export const nowMs = sql`(floor(extract(epoch from statement_timestamp()) * 1000)::bigint)`;
