import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/support/env";

// Debian's chromium where Playwright can't download its own browser; PLAYWRIGHT_CHROMIUM_PATH
// names another one, and an empty value means "use Playwright's own".
const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ??
  (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : "");

// The test processes open the server's database and read its (encrypted) secrets, and every
// server they start must use the same key: set it before workers and servers inherit the env.
process.env.BEACON_ENCRYPTION_KEY ||= E2E.encryptionKey;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: Number(process.env.E2E_WORKERS || 2),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath || undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `node scripts/serve.mjs -p ${E2E.port}`,
    url: `${E2E.baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      DATABASE_PATH: E2E.databasePath,
      DEMO_WEBHOOK_SECRET: E2E.demoWebhookSecret,
      DEMO_ADMIN_PASSWORD: E2E.demoAdminPassword,
      DEMO_USER_PASSWORD: E2E.demoUserPassword,
      BEACON_ENCRYPTION_KEY: process.env.BEACON_ENCRYPTION_KEY,
      // Every test signs in from 127.0.0.1: the per-address limit is not what they test (the
      // per-email limit is, in security.spec.ts).
      SIGN_IN_LIMIT_PER_ADDRESS: "100000",
      NEXT_DIST_DIR: E2E.distDir,
      RESEND_WEBHOOK_SECRET: E2E.resendWebhookSecret,
      // The local PSA receiver listens on 127.0.0.1 over plain http; the fallback deadline is
      // short so the fallback tests wait seconds, not the default 2 minutes.
      INTEGRATIONS_ALLOW_PRIVATE_TARGETS: "1",
      PSA_FALLBACK_AFTER_MS: String(E2E.psaFallbackMs),
    },
  },
});
