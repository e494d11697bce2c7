import { describe, expect, it } from "vitest";
import { busyFor } from "@/lib/testing/busy";
import { inTurn } from "./turns";

describe("inTurn", () => {
  it("lets a timer run within a burst of heavy requests instead of after all of them", async () => {
    const done: number[] = [];
    let doneWhenTimerFired = -1;
    setTimeout(() => {
      doneWhenTimerFired = done.length;
    }, 0);
    // 40 requests of 2 ms each that arrived together: 80 ms of work in turns of 10 ms.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        inTurn(() => {
          busyFor(2);
          done.push(i);
          return i * 2;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(done).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(doneWhenTimerFired).toBeGreaterThan(0);
    expect(doneWhenTimerFired).toBeLessThan(20);
  });

  it("hands a throwing work's error to its caller alone", async () => {
    const failing = inTurn(() => {
      throw new Error("bad event");
    });
    const fine = inTurn(() => "ok");
    await expect(failing).rejects.toThrow("bad event");
    await expect(fine).resolves.toBe("ok");
  });
});
