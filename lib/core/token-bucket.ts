/**
 * Per-key rate limits: each key has a bucket of `capacity` tokens that refills at `perSecond`;
 * taking more than it holds is refused with how long until enough has refilled.
 */
export type TokenBuckets = {
  take(key: string, tokens?: number): { ok: true } | { ok: false; retryAfterS: number };
};

export function createTokenBuckets(options: {
  capacity: number;
  perSecond: number;
  now?: () => number;
}): TokenBuckets {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, tokens = 1) {
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: options.capacity, at };
      bucket.tokens = Math.min(
        options.capacity,
        bucket.tokens + ((at - bucket.at) / 1000) * options.perSecond,
      );
      bucket.at = at;
      buckets.set(key, bucket);
      if (bucket.tokens >= tokens) {
        bucket.tokens -= tokens;
        return { ok: true };
      }
      const missing = Math.min(tokens, options.capacity) - bucket.tokens;
      return { ok: false, retryAfterS: Math.max(1, Math.ceil(missing / options.perSecond)) };
    },
  };
}
