/**
 * The one way Beacon writes a time for people: in UTC, so that every admin and every
 * recipient reads the same moment ("26 Nov 2026, 14:03 UTC"). Written by hand rather than
 * with Intl, whose wording changes between ICU versions (", " or " at "). Pure.
 */

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

export type WhenOptions = {
  /** "Thu, 26 Nov 2026, …": emails name the day, read away from any calendar. */
  weekday?: boolean;
  /** "…, 14:03:27 UTC": the delivery log orders events a second apart. */
  seconds?: boolean;
};

/** A date, or an ISO 8601 string (a string that is not a date is given back as it is). */
export function formatWhen(when: Date | string, options: WhenOptions = {}): string {
  const date = typeof when === "string" ? new Date(when) : when;
  if (Number.isNaN(date.getTime())) return String(when);
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${options.seconds ? `:${pad(date.getUTCSeconds())}` : ""}`;
  return `${options.weekday ? `${WEEKDAYS[date.getUTCDay()]}, ` : ""}${day}, ${time} UTC`;
}
