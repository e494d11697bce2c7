import { closeDatabase, databaseTarget, describeTarget, openDatabase } from "./client";

// `npm run db:migrate`: what every start does first, on its own. Safe beside running
// instances: PostgreSQL's migrations run under an advisory lock, SQLite's under its write lock.
// A main function, not top-level await: tsx runs this package's .ts files as CommonJS.
async function main() {
  const target = databaseTarget();
  const db = openDatabase(target);
  await db.$ready;
  await closeDatabase(db);
  console.log(`Database ${describeTarget(target)} is migrated.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
