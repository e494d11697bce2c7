import { readFileSync } from "node:fs";
import { config } from "@/lib/config";
import { setClockOffset } from "@/lib/core/clock";

const globalForClock = globalThis as unknown as { beaconClockFollowed?: boolean };

/**
 * With BEACON_CLOCK_FILE set (tests only), every process of the app (web server, dispatcher
 * child, workers) adds the milliseconds written in that file to its clock, so one write
 * moves the time of all of them. Unset, this does nothing and the clock is the system's.
 */
export function followTestClock(): void {
  const file = config().BEACON_CLOCK_FILE;
  if (!file || globalForClock.beaconClockFollowed) return;
  globalForClock.beaconClockFollowed = true;
  const read = () => {
    try {
      const ms = Number(readFileSync(file, "utf8").trim() || 0);
      if (Number.isFinite(ms)) setClockOffset(ms);
    } catch {
      setClockOffset(0);
    }
  };
  read();
  // Read on a timer rather than fs.watchFile: a watcher compares against its first stat,
  // which a write made before that stat is taken would never change.
  setInterval(read, 50).unref();
}
