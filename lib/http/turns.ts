/**
 * Runs CPU-heavy request work (validating a batch's events) in turns of the event loop, so a
 * burst of requests that arrive together can't hold the loop for all of them at once: a turn
 * runs queued work until BUDGET_MS have passed, and the rest waits for the next turn, with
 * timers, I/O and the answers already due in between. Work runs in arrival order.
 *
 * A setImmediate queued while the check phase runs fires in the next loop iteration, not
 * this one: that is what lets the timers run between two turns.
 */
const BUDGET_MS = 10;
const waiting: (() => void)[] = [];
let scheduled = false;

function runTurn() {
  scheduled = false;
  const started = performance.now();
  let done = 0;
  while (done < waiting.length && (done === 0 || performance.now() - started < BUDGET_MS)) {
    (waiting[done++] as () => void)();
  }
  waiting.splice(0, done);
  if (waiting.length > 0) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  setImmediate(runTurn);
}

export function inTurn<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    waiting.push(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error);
      }
    });
    schedule();
  });
}
