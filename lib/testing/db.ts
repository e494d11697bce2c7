import { type DB, openDatabase } from "@/db/client";

/** A migrated, empty in-memory database for one test. */
export function testDb(): DB {
  return openDatabase(":memory:");
}
