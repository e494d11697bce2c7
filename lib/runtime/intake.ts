import { getDb } from "@/db/client";
import { refusalRecorderFor } from "@/db/inbound-refusals";
import { intakeStoreFor } from "@/db/intake-store";
import { webhookLookupFor } from "@/db/webhook-lookup";
import { config } from "@/lib/config";
import { createTokenBuckets, type TokenBuckets } from "@/lib/core/token-bucket";
import { senderDomain } from "@/lib/delivery/sender";
import { wakeDispatcher } from "@/lib/delivery/wake";
import { createPressureGauge, type PressureGauge } from "@/lib/webhooks/pressure";
import { refusalLogger } from "./refusal-log";

/**
 * The composition root of the intake in this process: the store on the process's database
 * (its commits wake the dispatcher), the cached signature lookup, the per-account rate
 * limit and the back-pressure gauge. Kept on globalThis: Next bundles route handlers apart.
 */
const globalForIntake = globalThis as unknown as {
  beaconIntakeLimits?: { limiter: TokenBuckets; pressure: PressureGauge };
};

export function intakeRuntime() {
  const db = getDb();
  const settings = config();
  globalForIntake.beaconIntakeLimits ??= {
    limiter: createTokenBuckets({
      capacity: settings.INTAKE_RATE_PER_MINUTE,
      perSecond: settings.INTAKE_RATE_PER_MINUTE / 60,
    }),
    pressure: createPressureGauge({
      maxPending: settings.INTAKE_MAX_PENDING,
      maxLagMs: settings.INTAKE_MAX_LAG_MS,
    }),
  };
  const lookup = webhookLookupFor(db);
  return {
    store: intakeStoreFor(db, { onCommit: wakeDispatcher }),
    lookup,
    onRefused: refusalLogger(lookup, refusalRecorderFor(db)),
    context: { fromDomain: senderDomain() },
    ...globalForIntake.beaconIntakeLimits,
  };
}
