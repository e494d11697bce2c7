import { writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The clock of an app started with `BEACON_CLOCK_FILE: clock.file`: every process of that app
 * adds the file's milliseconds to its time (lib/runtime/test-clock.ts). Start an app of your
 * own for it (startApp): moving the shared server's clock would move every other spec's.
 */
export function testClock(dir: string) {
  const file = path.join(dir, "clock-offset-ms");
  let offsetMs = 0;
  writeFileSync(file, "0");
  return {
    file,
    /** Moves the app's time forward and waits until its processes have seen it (they poll every 50 ms). */
    async advance(ms: number) {
      offsetMs += ms;
      writeFileSync(file, String(offsetMs));
      await new Promise((resolve) => setTimeout(resolve, 250));
    },
    now: () => Date.now() + offsetMs,
  };
}
