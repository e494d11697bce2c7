import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The tests that touch the database, again on PostgreSQL: the same files, each test on a
 * database of its own copied from a migrated template (lib/testing/postgres-setup.ts).
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    // The delivery, intake and delivery-log tests. Left on SQLite alone: the tests of SQLite's
    // own mechanisms (query plans, file modes, packing, the connection gate, its migrations'
    // triggers), whose PostgreSQL counterparts have tests of their own in db/postgres.
    include: [
      "lib/delivery/**/*.test.ts",
      "lib/intake/**/*.test.ts",
      "lib/transports/**/*.test.ts",
      "db/queries/**/*.test.ts",
    ],
    exclude: ["db/queries/query-plans.test.ts"],
    environment: "node",
    alias: { "server-only": path.resolve(__dirname, "lib/testing/server-only-stub.ts") },
    globalSetup: ["lib/testing/postgres-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
