import { afterEach, describe, expect, it } from "vitest";
import { ADMISSION_KEY, createPressureGauge } from "./pressure";

const global = globalThis as { [ADMISSION_KEY]?: { waiting: number } };
afterEach(() => {
  delete global[ADMISSION_KEY];
});

describe("the intake's back-pressure", () => {
  it("sheds a request once as many wait for their answer as allowed, and takes one again when one is answered", () => {
    const gauge = createPressureGauge({ maxPending: 2, maxLagMs: 500 });
    expect(gauge.enter()).toBe(true);
    expect(gauge.enter()).toBe(true);
    expect(gauge.enter()).toBe(false);
    gauge.leave();
    expect(gauge.enter()).toBe(true);
  });

  it("counts the requests the web server holds but has not started yet", () => {
    global[ADMISSION_KEY] = { waiting: 3 };
    const gauge = createPressureGauge({ maxPending: 4, maxLagMs: 500 });
    expect(gauge.enter()).toBe(true);
    expect(gauge.enter()).toBe(false);
    global[ADMISSION_KEY] = { waiting: 0 };
    expect(gauge.enter()).toBe(true);
  });
});
