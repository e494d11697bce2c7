/** How the portal words a time for a person: relative to now, or exact in their zone. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "3 minutes ago", from a time and now. */
export function relativeWords(at: number, now: number, locale?: string): string {
  const delta = at - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (Math.abs(delta) < 10_000) return format.format(0, "second");
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === "second")
      return format.format(Math.round(delta / ms), unit);
  }
  return "";
}

/** The exact time in the viewer's own time zone, with the zone named. */
export function exactWords(at: number, locale?: string): string {
  // dateStyle/timeStyle can't be combined with timeZoneName (a RangeError): name each part.
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  }).format(at);
}
