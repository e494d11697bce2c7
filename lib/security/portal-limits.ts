import type { Executor } from "@/db/client";
import { consume, type Limit } from "./rate-limit";

/**
 * Per-account limits on the portal actions that cost something outside the account: Send
 * test sends real email on the deployment's shared provider quota, Retry requeues it, and a
 * secret reveal hands out the key that signs the account's webhooks. Counted in the
 * database, so every instance sees the same count.
 */
export const PORTAL_LIMITS = {
  "send-test": { max: 5, windowMs: 60_000 },
  retry: { max: 20, windowMs: 60_000 },
  "secret-reveal": { max: 5, windowMs: 60_000 },
} satisfies Record<string, Limit>;
// No window may be longer than better-auth's longest (60 s): its clean-up of the shared
// rate_limits table deletes every row older than that, which also keeps Beacon's rows few.

export type PortalAction = keyof typeof PORTAL_LIMITS;

const WORDS: Record<PortalAction, string> = {
  "send-test": "Too many test sends from this account",
  retry: "Too many retries from this account",
  "secret-reveal": "The signing secret was revealed too often from this account",
};

/** Null when the action may go ahead; otherwise the refusal to show, with when to try again. */
export async function refuseOverLimit(
  db: Executor,
  action: PortalAction,
  accountId: string,
  now = Date.now(),
): Promise<{ ok: false; message: string; retryAfterSeconds: number } | null> {
  const decision = await consume(db, `portal:${action}:${accountId}`, PORTAL_LIMITS[action], now);
  if (decision.allowed) return null;
  return {
    ok: false,
    message: `${WORDS[action]}: try again in ${decision.retryAfterSeconds} seconds.`,
    retryAfterSeconds: decision.retryAfterSeconds,
  };
}
