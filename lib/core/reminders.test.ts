import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  HOUR_MS,
  nextReminderAt,
  openFor,
  type ReminderSchedule,
  reminderDueAt,
  reminderSettingsSchema,
  reminderStep,
} from "./reminders";

const schedule = fc.record({
  anchorAt: fc.integer({ min: 0, max: 2 ** 40 }),
  everyMs: fc.integer({ min: 1, max: 168 }).map((hours) => hours * HOUR_MS),
  times: fc.integer({ min: 1, max: 20 }),
  sent: fc.constant(0),
});

/** Runs a scheduler at each of these times (offsets from the anchor), as a dispatcher would. */
function run(start: ReminderSchedule, offsets: number[]) {
  let current = start;
  const sent: { number: number; at: number }[] = [];
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    const now = start.anchorAt + offset;
    const step = reminderStep(current, now);
    if (!step) continue;
    sent.push({ number: step.number, at: now });
    current = { ...current, sent: step.number };
    expect(step.nextAt).toBe(nextReminderAt(current));
  }
  return { sent, last: current };
}

describe("reminder schedule", () => {
  it("sends reminder k no earlier than k steps after acceptance, each number once, at most M", () => {
    fc.assert(
      fc.property(
        schedule,
        fc.array(fc.integer({ min: -HOUR_MS, max: 25 * 168 * HOUR_MS }), { maxLength: 60 }),
        (start, offsets) => {
          const { sent } = run(start, offsets);
          expect(sent.length).toBeLessThanOrEqual(start.times);
          for (const [i, reminder] of sent.entries()) {
            expect(reminder.at).toBeGreaterThanOrEqual(reminderDueAt(start, reminder.number));
            expect(reminder.number).toBeLessThanOrEqual(start.times);
            if (i > 0) expect(reminder.number).toBeGreaterThan(sent[i - 1]!.number);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("sends every reminder, in order, when a scheduler looks at least once a step", () => {
    fc.assert(
      fc.property(schedule, fc.integer({ min: 1, max: 4 }), (start, lookPerStep) => {
        const offsets = Array.from({ length: (start.times + 2) * lookPerStep }, (_, i) =>
          Math.floor(((i + 1) * start.everyMs) / lookPerStep),
        );
        const { sent, last } = run(start, offsets);
        expect(sent.map((reminder) => reminder.number)).toEqual(
          Array.from({ length: start.times }, (_, i) => i + 1),
        );
        expect(nextReminderAt(last)).toBeNull();
      }),
    );
  });

  it("after a long outage sends one reminder, numbered as the latest one due, not a burst", () => {
    const start = { anchorAt: 1_000, everyMs: 4 * HOUR_MS, times: 3, sent: 1 };
    // Down from just after reminder 1 until past reminder 3's time.
    expect(reminderStep(start, 1_000 + 13 * HOUR_MS)).toEqual({ number: 3, nextAt: null });
    // Down for less than a step: the next one, once.
    const step = reminderStep(start, 1_000 + 9 * HOUR_MS);
    expect(step).toEqual({ number: 2, nextAt: 1_000 + 12 * HOUR_MS });
    expect(reminderStep({ ...start, sent: 2 }, 1_000 + 9 * HOUR_MS)).toBeNull();
  });

  it("says how long an alert has been open in words", () => {
    expect(openFor(4 * HOUR_MS)).toBe("4 hours");
    expect(openFor(HOUR_MS + 60_000)).toBe("1 hour and 1 minute");
    expect(openFor(28 * HOUR_MS)).toBe("1 day and 4 hours");
    expect(openFor(48 * HOUR_MS)).toBe("2 days");
    expect(openFor(30_000)).toBe("0 minutes");
  });

  it("accepts 1–168 hours and 1–20 times, whole numbers only, and says so", () => {
    const ok = { enabled: true, everyHours: 4, times: 3 };
    expect(reminderSettingsSchema.safeParse(ok).success).toBe(true);
    const issues = (value: unknown) => {
      const result = reminderSettingsSchema.safeParse(value);
      return result.success
        ? []
        : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ ...ok, everyHours: 0, times: 21 })).toEqual([
      "everyHours: Enter a number of hours from 1 to 168",
      "times: Enter a number of times from 1 to 20",
    ]);
    expect(issues({ ...ok, everyHours: 2.5 })).toEqual([
      "everyHours: Enter a whole number of hours",
    ]);
    expect(issues({ ...ok, times: null })).toEqual(["times: Enter a number of times from 1 to 20"]);
  });
});
