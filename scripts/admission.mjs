/**
 * Starts requests in turns of the event loop. Node hands a server every request that is
 * ready in one pass of the loop's poll phase, and Next's routing of one takes a millisecond
 * or two before its first real I/O: a burst of 100 batches on fresh connections held the loop
 * 160–360 ms, with no timer in between. Here a turn starts a few of the waiting requests, and
 * the rest wait for the next turn, with the timers, the I/O of the requests already started
 * and their answers in between.
 *
 * How many a turn starts follows how long the loop's last pass took while requests waited:
 * halved when it took longer than TARGET_MS, one more when it didn't. Starting one a turn
 * would bound the loop best but commit one event per transaction (the group commit takes
 * what arrived in one pass), which cost 450 µs of CPU an event more.
 *
 * A setImmediate queued while the check phase runs fires in the next loop iteration, which
 * is what puts the timers and the poll phase between two turns.
 */
const TARGET_MS = 20;
const MAX_PER_TURN = 64;

export function createAdmission({ now = () => performance.now() } = {}) {
  /** @type {((() => void) | undefined)[]} */
  const waiting = [];
  let head = 0;
  let scheduled = false;
  let perTurn = 1;
  /** When the last turn ran with requests left waiting; null when it left none. */
  let backlogSince = null;

  function turn() {
    scheduled = false;
    const started = now();
    if (backlogSince !== null) {
      perTurn =
        started - backlogSince > TARGET_MS
          ? Math.max(1, perTurn >> 1)
          : Math.min(MAX_PER_TURN, perTurn + 1);
    }
    const starts = waiting.slice(head, head + perTurn);
    head += starts.length;
    if (head === waiting.length) {
      waiting.length = 0;
      head = 0;
      backlogSince = null;
    } else {
      backlogSince = started;
      schedule();
    }
    for (const start of starts) start?.();
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(turn);
  }

  return {
    /** Runs `start` in a turn of the loop, after the starts queued before it. */
    admit(/** @type {() => void} */ start) {
      waiting.push(start);
      schedule();
    },
    get waiting() {
      return waiting.length - head;
    },
    get perTurn() {
      return perTurn;
    },
  };
}
