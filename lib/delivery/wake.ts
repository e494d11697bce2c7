/**
 * Wakes the dispatcher of this process the moment new work is committed. Kept on globalThis
 * because Next bundles route handlers and instrumentation separately: a module-level
 * listener would not be shared between them.
 */
const globalForWake = globalThis as unknown as { beaconWake?: Set<() => void> };

function listeners(): Set<() => void> {
  globalForWake.beaconWake ??= new Set();
  return globalForWake.beaconWake;
}

export function onWake(listener: () => void): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function wakeDispatcher(): void {
  for (const listener of listeners()) listener();
}
