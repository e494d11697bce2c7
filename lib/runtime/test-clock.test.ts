import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { clock, onClockChange, setClockOffset } from "@/lib/core/clock";
import { followTestClock } from "./test-clock";

afterEach(() => {
  setClockOffset(0);
  delete process.env.BEACON_CLOCK_FILE;
  resetConfig();
});

describe("the test clock", () => {
  it("is the system clock until a test moves it", () => {
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(5);
    setClockOffset(3_600_000);
    expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(3_600_000 - 5);
  });

  it("tells its listeners when it jumps", () => {
    let told = 0;
    const off = onClockChange(() => told++);
    setClockOffset(1_000);
    setClockOffset(1_000);
    off();
    setClockOffset(2_000);
    expect(told).toBe(1);
  });

  it("follows the offset written in BEACON_CLOCK_FILE", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "clock-")), "offset");
    writeFileSync(file, "7200000");
    process.env.BEACON_CLOCK_FILE = file;
    resetConfig();
    followTestClock();
    expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(7_200_000 - 5);
    const moved = new Promise<void>((resolve) => onClockChange(resolve));
    writeFileSync(file, "10800000");
    await moved;
    expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(10_800_000 - 5);
  });
});
