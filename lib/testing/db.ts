import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { type DB, openDatabase } from "@/db/client";
import { databaseEngine } from "@/db/engine";
import { openPostgres } from "@/db/postgres/open";

/*
 * Databases for tests, on the engine the run is for: SQLite in memory (or a temporary file),
 * or on PostgreSQL (vitest.postgres.config.ts) a database of its own per test, copied from
 * the migrated template the global setup made (lib/testing/postgres-setup.ts).
 */

export const onPostgres = databaseEngine() === "postgres";

function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "");
  url.pathname = `/${name}`;
  return url.toString();
}

async function createFromTemplate(name: string): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl("postgres") });
  await admin.connect();
  try {
    const template = process.env.BEACON_TEST_TEMPLATE ?? "beacon_template";
    await admin.query(`create database "${name}" template "${template}"`);
  } catch (error) {
    // Several handles of one test database: the first creates it (one racing it is refused
    // by the catalog's unique index instead).
    const code = (error as { code?: string }).code;
    if (code !== "42P04" && code !== "23505") throw error;
  } finally {
    await admin.end();
  }
}

/**
 * Where a fresh database is, for a test that opens it more than once (two processes' view of
 * one database): a SQLite file in a temporary folder, or a PostgreSQL database's URL.
 */
export function testDatabaseTarget(): string {
  if (!onPostgres) {
    return path.join(mkdtempSync(path.join(tmpdir(), "beacon-test-")), "beacon.db");
  }
  return databaseUrl(`t_${randomBytes(6).toString("hex")}`);
}

/** Opens a handle on a database of testDatabaseTarget(), creating it on first use. */
export function openTestDatabase(target: string): DB {
  if (!onPostgres) return openDatabase(target);
  const name = new URL(target).pathname.slice(1);
  return openPostgres(target, () => createFromTemplate(name));
}

/** A migrated, empty database for one test. */
export function testDb(): DB {
  return onPostgres ? openTestDatabase(testDatabaseTarget()) : openDatabase(":memory:");
}
