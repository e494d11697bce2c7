/**
 * Back-pressure for the webhook intake: when too many requests wait for their answer, or the
 * event loop falls behind, new requests are refused at once with 503 and Retry-After rather
 * than queued until the connection times out or resets. Callers retry with the same
 * webhook-id, so nothing is lost.
 */
export type PressureGauge = {
  /** False when the request must be shed; otherwise call `leave()` once it is answered. */
  enter(): boolean;
  leave(): void;
  readonly pending: number;
  readonly lagMs: number;
};

export function createPressureGauge(options: {
  maxPending: number;
  maxLagMs: number;
}): PressureGauge {
  const sampleMs = 20;
  let pending = 0;
  let lagMs = 0;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(0, now - last - sampleMs);
    last = now;
  }, sampleMs).unref();
  return {
    enter() {
      if (pending >= options.maxPending || lagMs > options.maxLagMs) return false;
      pending++;
      return true;
    },
    leave() {
      pending = Math.max(0, pending - 1);
    },
    get pending() {
      return pending;
    },
    get lagMs() {
      return lagMs;
    },
  };
}
