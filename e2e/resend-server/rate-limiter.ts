/** What the server tells the caller about its rate limit, as Resend's headers carry it. */
export type RateLimitState = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the quota is full again (`ratelimit-reset`). */
  resetSeconds: number;
  /** Whole seconds to wait before the next request is allowed (`retry-after`), on a refusal. */
  retryAfterSeconds: number;
};

/**
 * A token bucket per API key (Resend limits per team): `requestsPerSecond` tokens refill each
 * second and at most that many can be spent at once, so a caller pacing evenly at the
 * limit never sees a 429, and a burst beyond it is refused.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly requestsPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(requestsPerSecond > 0)) throw new Error("requestsPerSecond must be a positive number");
  }

  take(key: string): RateLimitState {
    const limit = this.requestsPerSecond;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit, at: now };
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / 1000) * limit);
    bucket.at = now;
    this.buckets.set(key, bucket);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      limit,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((limit - bucket.tokens) / limit),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / limit)),
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}
