import { type LocalTime, zonedInstant } from "./schedule";
import type { EmailSettings, MaintenanceWindow } from "./settings";

/*
 * Maintenance windows in the account's time zone: when one covers an organization, its
 * non-critical notifications are held and go out as one digest when the window ends. A
 * weekly window repeats at the same local times every 7 days (so across a DST change it
 * stays 22:00–02:00 local, not a fixed number of UTC hours).
 */

const WEEK_DAYS = 7;
const DAY = 86_400_000;

/** A `datetime-local` value: "2026-12-02T18:00", in the account's time zone. */
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

type LocalMinute = Pick<LocalTime, "year" | "month" | "day" | "hour" | "minute">;

/** The reading of a `datetime-local` value, or null when it names no real date. */
export function parseLocalDateTime(value: string): LocalMinute | null {
  const match = LOCAL_DATETIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute };
}

/** How long a window lasts on the wall clock (ms), ignoring any DST change inside it. */
export function wallDuration(start: string, end: string): number | null {
  const a = parseLocalDateTime(start);
  const b = parseLocalDateTime(end);
  if (!a || !b) return null;
  const ms = (t: LocalMinute) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return ms(b) - ms(a);
}

function shiftDays(local: LocalMinute, days: number): LocalMinute {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return {
    ...local,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  };
}

export type Occurrence = { start: number; end: number };

function occurrence(window: MaintenanceWindow, timeZone: string, week: number): Occurrence | null {
  const start = parseLocalDateTime(window.start);
  const end = parseLocalDateTime(window.end);
  if (!start || !end) return null;
  const at = {
    start: zonedInstant(shiftDays(start, week * WEEK_DAYS), timeZone),
    end: zonedInstant(shiftDays(end, week * WEEK_DAYS), timeZone),
  };
  // Ended early by an admin: that occurrence ends when they said so.
  if (window.endedEarly?.occurrence === at.start) at.end = Math.min(at.end, window.endedEarly.at);
  return at;
}

/** The weeks whose occurrence may hold `now` or come next after it. */
function weeksAround(window: MaintenanceWindow, timeZone: string, now: number): number[] {
  if (!window.weekly) return [0];
  const first = occurrence(window, timeZone, 0);
  if (!first) return [];
  const week = Math.max(0, Math.floor((now - first.start) / (WEEK_DAYS * DAY)));
  return [week - 1, week, week + 1, week + 2].filter((k) => k >= 0);
}

/** The occurrence of the window that is on at `now`, or null. */
export function occurrenceAt(
  window: MaintenanceWindow,
  timeZone: string,
  now: number,
): Occurrence | null {
  for (const week of weeksAround(window, timeZone, now)) {
    const at = occurrence(window, timeZone, week);
    if (at && at.start <= now && now < at.end) return at;
  }
  return null;
}

/** The first occurrence that starts after `now`, or null (a one-off window that has begun). */
export function nextOccurrence(
  window: MaintenanceWindow,
  timeZone: string,
  now: number,
): Occurrence | null {
  for (const week of weeksAround(window, timeZone, now)) {
    const at = occurrence(window, timeZone, week);
    if (at && at.start > now) return at;
  }
  return null;
}

/** The window holding an organization's notifications at `now` (the one ending last), or null. */
export function activeHold(
  settings: EmailSettings,
  organizationId: string | null,
  now: number,
): { window: MaintenanceWindow; end: number } | null {
  let hold: { window: MaintenanceWindow; end: number } | null = null;
  for (const window of settings.maintenanceWindows) {
    if (window.organizationId !== null && window.organizationId !== organizationId) continue;
    const at = occurrenceAt(window, settings.timeZone, now);
    if (at && (!hold || at.end > hold.end)) hold = { window, end: at.end };
  }
  return hold;
}

export type ScheduledWindow = {
  window: MaintenanceWindow;
  /** On now; ended early by an admin during what would still be on; or still to come. */
  state: "active" | "ended" | "upcoming";
} & Occurrence;

/** Every window that is on now, ended early during it, or will be on, soonest first. */
export function windowSchedule(settings: EmailSettings, now: number): ScheduledWindow[] {
  const tz = settings.timeZone;
  return settings.maintenanceWindows
    .flatMap((window): ScheduledWindow[] => {
      const on = occurrenceAt(window, tz, now);
      if (on) return [{ window, state: "active", ...on }];
      const planned = occurrenceAt({ ...window, endedEarly: null }, tz, now);
      if (planned && window.endedEarly?.occurrence === planned.start) {
        return [{ window, state: "ended", ...planned, end: window.endedEarly.at }];
      }
      const next = nextOccurrence(window, tz, now);
      return next ? [{ window, state: "upcoming", ...next }] : [];
    })
    .sort((a, b) => a.start - b.start);
}
