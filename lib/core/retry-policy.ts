/**
 * When to try a provider call again. Exponential backoff with "equal jitter": half the
 * delay is fixed, half random, so many dispatchers never retry in lockstep but a retry is
 * never immediate. After MAX attempts or MAX age a delivery is dead.
 */
export type RetryPolicy = {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
  maxAgeMs: number;
  /**
   * Give up as soon as the next attempt would fall after `maxAgeMs` rather than at the
   * first attempt after it: the PSA's lane, whose email fallback must not wait past it.
   */
  strictMaxAge?: boolean;
};

/** Delay before attempt `attempts + 1`, given `attempts` calls have failed. */
export function backoffMs(policy: RetryPolicy, attempts: number, random = Math.random): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** Whether to give up: too many attempts, or the oldest delivery is too old to be useful. */
export function isExhausted(policy: RetryPolicy, attempts: number, ageMs: number): boolean {
  return attempts >= policy.maxAttempts || ageMs >= policy.maxAgeMs;
}

/** Whether waiting `delayMs` more would already be past the policy's age (strict policies only). */
export function wouldOutliveMaxAge(policy: RetryPolicy, ageMs: number, delayMs: number): boolean {
  return policy.strictMaxAge === true && ageMs + delayMs >= policy.maxAgeMs;
}

/** The wait before the next call: the provider's word when it gave one, else our backoff. */
export function nextDelayMs(
  policy: RetryPolicy,
  attempts: number,
  retryAfterMs: number | undefined,
  random = Math.random,
): number {
  return retryAfterMs !== undefined
    ? Math.max(retryAfterMs, 0)
    : backoffMs(policy, attempts, random);
}
