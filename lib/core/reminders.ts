import { z } from "zod";
import type { NotificationType } from "./events";

/*
 * Reminders: "remind every N hours until resolved, at most M times", per notification type.
 * Pure arithmetic on clock times (ms), so the scheduler, the settings form and the tests agree.
 *
 * Reminder k (1..M) of an alert accepted at `anchor` falls due at anchor + k × every. A
 * scheduler that looks at `now` sends at most one reminder per alert: when several fell due
 * while Beacon was down, the latest one goes out (numbered as such) and the missed ones are
 * skipped, so a restart never sends a burst, and nothing is sent twice.
 */

export const HOUR_MS = 3_600_000;
export const REMINDER_HOURS = { min: 1, max: 168 } as const;
export const REMINDER_TIMES = { min: 1, max: 20 } as const;

export type ReminderSettings = {
  enabled: boolean;
  /** Hours between reminders, 1–168. */
  everyHours: number;
  /** At most this many reminders per alert, 1–20. */
  times: number;
};

/** On for Escalations (every 4 hours, 3 times): they wait for someone's answer. */
export function defaultReminders(type: NotificationType): ReminderSettings {
  return { enabled: type === "escalation", everyHours: 4, times: 3 };
}

const wholeNumber = (what: string, range: { min: number; max: number }) =>
  z
    .number({ error: `Enter ${what} from ${range.min} to ${range.max}` })
    .int(`Enter a whole number of ${what.replace(/^a number of /, "")}`)
    .min(range.min, `Enter ${what} from ${range.min} to ${range.max}`)
    .max(range.max, `Enter ${what} from ${range.min} to ${range.max}`);

export const reminderSettingsSchema = z.object({
  enabled: z.boolean({ error: "must be true or false" }),
  everyHours: wholeNumber("a number of hours", REMINDER_HOURS),
  times: wholeNumber("a number of times", REMINDER_TIMES),
});

/** A reminder row's schedule: when it started, its step, its limit and how far it got. */
export type ReminderSchedule = {
  anchorAt: number;
  everyMs: number;
  times: number;
  /** The number of the last reminder sent (0 before the first). */
  sent: number;
};

/** When reminder `k` falls due. */
export function reminderDueAt(schedule: Pick<ReminderSchedule, "anchorAt" | "everyMs">, k: number) {
  return schedule.anchorAt + k * schedule.everyMs;
}

/** When the next reminder falls due, or null when all were sent. */
export function nextReminderAt(schedule: ReminderSchedule): number | null {
  return schedule.sent < schedule.times ? reminderDueAt(schedule, schedule.sent + 1) : null;
}

/**
 * What a scheduler does at `now`: nothing (null) before the next reminder is due, else send
 * reminder `number` (the latest one due, never past the limit) and wait until `nextAt`.
 */
export function reminderStep(
  schedule: ReminderSchedule,
  now: number,
): { number: number; nextAt: number | null } | null {
  if (schedule.everyMs <= 0 || schedule.sent >= schedule.times) return null;
  const due = Math.min(schedule.times, Math.floor((now - schedule.anchorAt) / schedule.everyMs));
  if (due <= schedule.sent) return null;
  return { number: due, nextAt: nextReminderAt({ ...schedule, sent: due }) };
}

/** "3 hours", "2 days and 4 hours", "45 minutes": how long an alert has been open. */
export function openFor(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (days > 0)
    return hours > 0 ? `${unit(days, "day")} and ${unit(hours, "hour")}` : unit(days, "day");
  if (hours > 0)
    return rest > 0 ? `${unit(hours, "hour")} and ${unit(rest, "minute")}` : unit(hours, "hour");
  return unit(rest, "minute");
}

/** What a reminder email says beyond its alert: which reminder it is and how long it has been open. */
export type ReminderFacts = { number: number; openForMs: number };

/** The facts of reminder `number` of a schedule stepping `everyMs` from acceptance. */
export function reminderFacts(number: number, everyMs: number): ReminderFacts {
  return { number, openForMs: number * everyMs };
}

/** A reminder notification's number, from its follow-up key (`reminder:3`), else null. */
export function reminderNumber(followUpKey: string): number | null {
  const match = /^reminder:(\d+)$/.exec(followUpKey);
  return match ? Number(match[1]) : null;
}

/** The follow-up key of reminder `number`: it keeps each reminder once in the idempotency key. */
export function reminderKey(number: number): string {
  return `reminder:${number}`;
}

/** Reminders in words, e.g. "every 4 hours, at most 3 times". */
export function describeReminders(reminders: ReminderSettings): string {
  if (!reminders.enabled) return "off";
  const hours = reminders.everyHours === 1 ? "every hour" : `every ${reminders.everyHours} hours`;
  const times = reminders.times === 1 ? "once" : `at most ${reminders.times} times`;
  return `${hours}, ${times}`;
}
