import { describe, expect, it } from "vitest";
import { createAdmission } from "./admission.mjs";

function busy(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // holds the thread, as Next's routing of a request does
  }
}

const drained = (admission: { waiting: number }) =>
  new Promise<void>((resolve) => {
    const check = () => (admission.waiting === 0 ? resolve() : setTimeout(check, 1));
    check();
  });

describe("admission of requests in turns of the event loop", () => {
  it("starts every request, in the order they came, none before the turn", async () => {
    const admission = createAdmission();
    const started: number[] = [];
    for (let i = 0; i < 5; i++) admission.admit(() => started.push(i));
    expect(started).toEqual([]);
    await drained(admission);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("lets a timer run between the starts of a burst whose requests each hold the thread", async () => {
    const admission = createAdmission();
    let started = 0;
    let startedWhenTimerFired = -1;
    for (let i = 0; i < 100; i++) {
      admission.admit(() => {
        // Set by the first start, so the timer is due while the other 99 wait.
        if (started === 0) {
          setTimeout(() => {
            startedWhenTimerFired = started;
          }, 0);
        }
        busy(3);
        started++;
      });
    }
    await drained(admission);
    // All 100 in one pass of the loop is what Node does with 100 requests that are ready.
    expect(startedWhenTimerFired).toBeGreaterThan(0);
    expect(startedWhenTimerFired).toBeLessThan(10);
    expect(started).toBe(100);
  });

  it("starts more a turn while the loop keeps up, so requests that arrive together still commit together", async () => {
    let clock = 0;
    let turns = 0;
    // The admission reads the clock once a turn.
    const now = () => {
      turns++;
      return clock;
    };
    const admission = createAdmission({ now });
    for (let i = 0; i < 300; i++) {
      admission.admit(() => {
        clock += 0.1;
      });
    }
    await drained(admission);
    expect(admission.perTurn).toBeGreaterThan(10);
    // One a turn would have taken 300 turns; growing by one a turn takes about 24.
    expect(turns).toBeLessThan(30);
  });

  it("starts one a turn when each pass of the loop takes longer than the target", async () => {
    let clock = 0;
    const admission = createAdmission({ now: () => clock });
    const perTurn: number[] = [];
    for (let i = 0; i < 12; i++) {
      admission.admit(() => {
        perTurn.push(admission.perTurn);
        clock += 30;
      });
    }
    await drained(admission);
    expect(perTurn.every((n) => n === 1)).toBe(true);
  });
});
