import { z } from "zod";

/**
 * Every setting Beacon reads from the environment, validated once. A bad value stops the
 * start with a message that names the variable; every default works out of the box.
 * The README's configuration table lists the same names.
 */

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();
const onOff = (fallback: "on" | "off") =>
  z
    .enum(["on", "off", "1", "0", "true", "false"])
    .default(fallback)
    .transform((value) => value === "on" || value === "1" || value === "true");

export const configSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default("data/beacon.db"),
  DEMO_SEED: onOff("on"),
  DEMO_ADMIN_PASSWORD: optionalText,
  DEMO_USER_PASSWORD: optionalText,
  DEMO_WEBHOOK_SECRET: optionalText,
  BETTER_AUTH_SECRET: optionalText,
  BETTER_AUTH_URL: optionalText.pipe(z.url().optional()),
  EMAIL_FROM: z
    .string()
    .trim()
    .default("Beacon Alerts <alerts@beacon.localhost>")
    .refine((value) => !/[\r\n]/.test(value), "must be a single line"),
  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: optionalText.pipe(z.url().optional()),
  RESEND_WEBHOOK_SECRET: optionalText,
  RESEND_TIMEOUT_MS: positiveInt(10_000),
  /** `off` leaves sending to separate `npm run worker` processes. */
  DISPATCHER: z
    .enum(["process", "in-process", "off", "on"])
    .default("process")
    // "on" was the setting before the dispatcher had its own process: it means the default.
    .transform((mode) => (mode === "on" ? "process" : mode)),
  /**
   * How much lower the dispatcher child's CPU priority is than the web server's (a Unix nice
   * increment, 0 to 19): under a burst, webhook answers come first and sending catches up.
   */
  DISPATCHER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  DISPATCH_LEASE_MS: positiveInt(30_000),
  DISPATCH_RETRY_BASE_MS: positiveInt(2_000),
  DISPATCH_RETRY_CAP_MS: positiveInt(5 * 60_000),
  DISPATCH_MAX_ATTEMPTS: positiveInt(8),
  DISPATCH_MAX_AGE_MS: positiveInt(24 * 60 * 60_000),
  /** `1`: PSA endpoints may be loopback/private addresses and plain http:// (local PSAs, tests). */
  INTEGRATIONS_ALLOW_PRIVATE_TARGETS: onOff("off"),
  /** The PSA is given up on (and the email fallback sent) at most this long after its first try. */
  PSA_FALLBACK_AFTER_MS: positiveInt(2 * 60_000),
  /** A PSA webhook call with no answer after this long counts as failed (and is retried). */
  PSA_TIMEOUT_MS: positiveInt(10_000),
  /** Unanswered webhook requests past which new ones get 503 with Retry-After. */
  INTAKE_MAX_PENDING: positiveInt(2_000),
  /** Event-loop delay (ms) past which new webhook requests get 503 with Retry-After. */
  INTAKE_MAX_LAG_MS: positiveInt(500),
  /** Events per account per minute on the inbound API; over it, 429 with Retry-After. */
  INTAKE_RATE_PER_MINUTE: positiveInt(600_000),
  /**
   * Tests only: a file holding milliseconds that every process adds to its clock, so tests of
   * reminders and digests move time instead of waiting for it. Unset in any real deployment.
   */
  BEACON_CLOCK_FILE: optionalText,
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/**
 * Parses an environment; throws a ConfigError naming each bad variable. A variable set to
 * nothing (`EMAIL_FROM=`) counts as unset, as shells and compose files write it.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = configSchema.safeParse(set);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) =>
      `  ${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
  );
  throw new ConfigError(`Beacon cannot start: bad environment variable\n${lines.join("\n")}`);
}

const globalForConfig = globalThis as unknown as { beaconConfig?: Config };

/** The process's configuration, read from process.env the first time it is asked for. */
export function config(): Config {
  globalForConfig.beaconConfig ??= parseConfig(process.env);
  return globalForConfig.beaconConfig;
}

/** For tests that change the environment: the next config() reads it again. */
export function resetConfig(): void {
  globalForConfig.beaconConfig = undefined;
}
