import path from "node:path";

/** Where the end-to-end run's server lives; every value can be moved by env for parallel runs. */
const port = Number(process.env.E2E_PORT || 3210);
const dataDir = process.env.E2E_DATA_DIR || path.resolve(".e2e-data");

export const E2E = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  dataDir,
  databasePath: path.join(dataDir, "beacon.db"),
  distDir: process.env.NEXT_DIST_DIR || ".next",
  demoWebhookSecret: "whsec_ZTJlLWRlbW8td2ViaG9vay1zZWNyZXQtMzItYnl0ZXM=",
  resendWebhookSecret: "whsec_ZTJlLXJlc2VuZC13ZWJob29rLXNlY3JldC0zMmJ5dGU=",
  /** Shared by the servers and the test processes, which read and write the same secrets. */
  encryptionKey: "ZTJlLWJlYWNvbi1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=",
  /** The demo passwords are random unless set; the tests set them. */
  demoAdminPassword: "e2e-demo-admin-password",
  demoUserPassword: "e2e-demo-user-password",
  /** PSA_FALLBACK_AFTER_MS of the end-to-end server. */
  psaFallbackMs: 6_000,
};
