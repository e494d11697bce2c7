/**
 * The time every schedule reads (reminders, digests, maintenance windows): the system clock
 * plus an offset that only tests move, so a test of an hourly digest doesn't wait an hour.
 * Code that decides when something falls due reads `clock.now()`, never `Date.now()`.
 */

export type Clock = { now(): number };

let offsetMs = 0;
const listeners = new Set<() => void>();

export const clock: Clock = { now: () => Date.now() + offsetMs };

/** Moves every later `clock.now()` by `ms` from the system clock; tells the listeners. */
export function setClockOffset(ms: number): void {
  if (ms === offsetMs) return;
  offsetMs = ms;
  for (const listener of listeners) listener();
}

/** Called after the clock jumps (a waiting scheduler re-reads what is due). */
export function onClockChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
