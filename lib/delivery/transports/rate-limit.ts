/**
 * Paces calls to a provider from the rate-limit headers of its answers (IETF draft
 * RateLimit fields, as Resend sends them), never from a hard-coded rate:
 *
 * - `ratelimit-limit` L requests per window: calls are spaced window/L apart (plus a small
 *   margin), so a steady sender stays under the limit instead of bursting into 429s;
 * - the window is learned from `ratelimit-reset` on an answer that used the first request
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
  private nextAt = 0;
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

  /** The spacing between calls learned so far (0 until the provider has told its limit). */
  get spacingMs(): number {
    return this.limit ? (this.windowMs / this.limit) * (1 + this.margin) : 0;
  }

  /** Waits for this call's turn and reserves the next turn; returns the time it waited. */
  async waitTurn(): Promise<number> {
    const now = this.now();
    const slot = Math.max(now, this.nextAt);
    this.nextAt = slot + this.spacingMs;
    const wait = slot - now;
    if (wait > 0) await this.sleep(wait);
    return wait;
  }

  /**
   * Learns from one answer. `startedAt` is when the call was made, so the spacing counts
   * from the call rather than from its (variable) answer time.
   */
  observe(headers: HeaderBag, startedAt: number): RateLimitReading {
    const now = this.now();
    const reading = readRateLimit(headers, now);
    if (reading.limit !== null && reading.limit > 0) {
      this.limit = reading.limit;
      if (reading.remaining === reading.limit - 1 && reading.resetMs) {
        this.windowMs = Math.min(60_000, Math.max(DEFAULT_WINDOW_MS, reading.resetMs));
      }
      this.nextAt = Math.max(this.nextAt, startedAt + this.spacingMs);
    }
    if (reading.remaining === 0 && reading.resetMs !== null) {
      this.nextAt = Math.max(this.nextAt, now + reading.resetMs);
    }
    if (reading.retryAfterMs !== null) {
      this.nextAt = Math.max(this.nextAt, now + reading.retryAfterMs);
    }
    return reading;
  }

  /** How long the next call would wait now (for logs and the dispatcher's scheduling). */
  delayMs(): number {
    return Math.max(0, this.nextAt - this.now());
  }
}
