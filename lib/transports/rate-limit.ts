/**
 * Paces calls to a provider from the rate-limit headers of its answers (IETF draft
 * RateLimit fields, as Resend sends them), never from a hard-coded rate.
 *
 * The pacer mirrors the provider's quota as a token bucket (GCRA): `ratelimit-limit` L
 * calls per window refill one every window/L (plus a small margin). Calls may run ahead of
 * that even pace while the bucket holds spare tokens, always keeping one in reserve for
 * network jitter, so a call that was late (a slow database step) is caught up instead of
 * lost, and a steady sender still never outruns the limit:
 *
 * - each answer's `ratelimit-remaining` corrects the bucket downwards (another process
 *   sharing the API key spends the same quota);
 * - the window is learned from `ratelimit-reset` on an answer that used the first call
 *   of a fresh window (remaining = L - 1); until then, one second (Resend's unit);
 * - `ratelimit-remaining: 0` holds every call until `ratelimit-reset` seconds have passed;
 * - `retry-after` (on a 429) holds every call for that long.
 *
 * Calls reserve their turn in order, so concurrent senders in one process share the pace.
 */

export type HeaderBag = Record<string, string> | Headers | null | undefined;

export type PacerOptions = {
  /** Extra spacing on top of window/limit, as a fraction; absorbs network jitter. */
  margin?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type RateLimitReading = {
  limit: number | null;
  remaining: number | null;
  resetMs: number | null;
  retryAfterMs: number | null;
};

const DEFAULT_WINDOW_MS = 1000;

function header(headers: HeaderBag, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? null : (headers[key] ?? null);
}

function nonNegativeNumber(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
}

/** `retry-after` is either seconds or an HTTP date. */
export function parseRetryAfterMs(value: string | null, now: number = Date.now()): number | null {
  const seconds = nonNegativeNumber(value);
  if (seconds !== null) return seconds * 1000;
  if (!value) return null;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function readRateLimit(headers: HeaderBag, now: number = Date.now()): RateLimitReading {
  const reset = nonNegativeNumber(header(headers, "ratelimit-reset"));
  return {
    limit: nonNegativeNumber(header(headers, "ratelimit-limit")),
    remaining: nonNegativeNumber(header(headers, "ratelimit-remaining")),
    resetMs: reset === null ? null : reset * 1000,
    retryAfterMs: parseRetryAfterMs(header(headers, "retry-after"), now),
  };
}

export class ProviderPacer {
  /** GCRA's theoretical arrival time: when the bucket would be full again at the even pace. */
  private tat = 0;
  /** No call before this (remaining 0 until the reset, or a retry-after). */
  private holdUntil = 0;
  private windowMs = DEFAULT_WINDOW_MS;
  private limit: number | null = null;
  private readonly margin: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: PacerOptions = {}) {
    this.margin = options.margin ?? 0.02;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The even spacing between calls learned so far (0 until the provider has told its limit). */
  get spacingMs(): number {
    return this.limit ? (this.windowMs / this.limit) * (1 + this.margin) : 0;
  }

  /** How far calls may run ahead of the even pace: the bucket less one token kept in reserve. */
  private get toleranceMs(): number {
    return this.limit ? Math.max(0, this.limit - 2) * this.spacingMs : 0;
  }

  private earliest(now: number): number {
    return Math.max(now, this.holdUntil, this.tat - this.toleranceMs);
  }

  /** Waits for this call's turn and reserves it; returns the time it waited. */
  async waitTurn(): Promise<number> {
    const now = this.now();
    const slot = this.earliest(now);
    this.tat = Math.max(this.tat, slot) + this.spacingMs;
    const wait = slot - now;
    if (wait > 0) await this.sleep(wait);
    return wait;
  }

  /** Learns from one answer. */
  observe(headers: HeaderBag): RateLimitReading {
    const now = this.now();
    const reading = readRateLimit(headers, now);
    if (reading.limit !== null && reading.limit > 0) {
      this.limit = reading.limit;
      if (reading.remaining === reading.limit - 1 && reading.resetMs) {
        this.windowMs = Math.min(60_000, Math.max(DEFAULT_WINDOW_MS, reading.resetMs));
      }
      if (reading.remaining !== null) {
        // The provider's count is the truth: with `remaining` tokens left now, the bucket is
        // full again after (limit - remaining) spacings.
        const remaining = Math.min(reading.remaining, reading.limit);
        this.tat = Math.max(this.tat, now + (reading.limit - remaining) * this.spacingMs);
      }
    }
    if (reading.remaining === 0 && reading.resetMs !== null) {
      this.holdUntil = Math.max(this.holdUntil, now + reading.resetMs);
    }
    if (reading.retryAfterMs !== null) {
      this.holdUntil = Math.max(this.holdUntil, now + reading.retryAfterMs);
    }
    return reading;
  }

  /** How long a call made now would wait for its turn. */
  delayMs(): number {
    const now = this.now();
    return this.earliest(now) - now;
  }
}
