import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: [
      "lib/**/*.test.ts",
      "db/**/*.test.ts",
      "emails/**/*.test.{ts,tsx}",
      "e2e/resend-server/**/*.test.ts",
      "bench/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    environment: "node",
    // server-only throws outside a React server environment; unit tests run plain Node.
    alias: { "server-only": path.resolve(__dirname, "lib/testing/server-only-stub.ts") },
  },
});
