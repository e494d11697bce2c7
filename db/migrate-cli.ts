import { closeDatabase, databaseTarget, openDatabase } from "./client";
import { databaseEngine } from "./engine";

// `npm run db:migrate`: what every start does first, on its own. Safe beside running
// instances: PostgreSQL's migrations run under an advisory lock, SQLite's under its write lock.
const target = databaseTarget();
const db = openDatabase(target);
await db.$ready;
await closeDatabase(db);
const where =
  databaseEngine(target) === "postgres"
    ? `PostgreSQL ${new URL(target).host}${new URL(target).pathname}` // never the password
    : target;
console.log(`Database ${where} is migrated.`);
