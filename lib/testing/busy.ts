/** Holds the thread for `ms`, as a synchronous piece of work (parse, validate, write) would. */
export function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the event loop is held meanwhile
  }
}
