import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The tests that touch the database, again on PostgreSQL: the same files, each test on a
 * database of its own copied from a migrated template (lib/testing/postgres-setup.ts).
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    // Every test that touches the database through the domain code. Left on SQLite alone: the tests of SQLite's
    // own mechanisms (query plans, file modes, packing, the connection gate, its migrations'
    // triggers), whose PostgreSQL counterparts have tests of their own in db/postgres.
    include: [
      "lib/delivery/**/*.test.ts",
      "lib/intake/**/*.test.ts",
      "lib/transports/**/*.test.ts",
      "db/queries/**/*.test.ts",
      "db/accounts/**/*.test.ts",
      "db/seed.test.ts",
      "db/webhook-secrets.test.ts",
      "lib/auth/sign-in-throttle.test.ts",
      "lib/security/portal-limits.test.ts",
      "lib/webhooks/inbound.test.ts",
    ],
    exclude: ["db/queries/query-plans.test.ts"],
    environment: "node",
    alias: { "server-only": path.resolve(__dirname, "lib/testing/server-only-stub.ts") },
    globalSetup: ["lib/testing/postgres-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
