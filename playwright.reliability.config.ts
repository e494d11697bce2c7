import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E } from "./e2e/support/env";

// The reliability suite (npm run test:reliability): HTTP only, one test at a time (the parts
// kill, fill and flood app processes of their own and measure timings), on its own ports
// (E2E_PORT=3410 for the main server, 3420-3499 for the apps the parts start) and data dir.
const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ??
  (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : "");
const full = process.env.RELIABILITY === "full";

// The tests write secrets into databases their apps read (encrypted at rest): the test
// process and every server it starts must use the same key, so set it before they inherit it.
process.env.BEACON_ENCRYPTION_KEY ||= E2E.encryptionKey;

export default defineConfig({
  testDir: "e2e/reliability",
  testMatch: "**/*.rel.ts",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  // Per test; the parts bound their own waits. The full mode's load part sets its own.
  timeout: full ? 300_000 : 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results/reliability",
  use: {
    baseURL: E2E.baseURL,
    launchOptions: { executablePath: chromiumPath || undefined },
  },
  webServer: {
    command: `node scripts/serve.mjs -p ${E2E.port}`,
    url: `${E2E.baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      DATABASE_PATH: E2E.databasePath,
      DEMO_WEBHOOK_SECRET: E2E.demoWebhookSecret,
      NEXT_DIST_DIR: E2E.distDir,
      RESEND_WEBHOOK_SECRET: E2E.resendWebhookSecret,
      DEMO_ADMIN_PASSWORD: E2E.demoAdminPassword,
      DEMO_USER_PASSWORD: E2E.demoUserPassword,
    },
  },
});
