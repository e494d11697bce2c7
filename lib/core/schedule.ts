/*
 * Wall-clock arithmetic in an IANA time zone with Intl alone (no time zone library): when
 * the next hourly or daily digest of an account falls due. Digests follow the account's
 * local clock, so a daily 09:00 digest is at 09:00 local on both sides of a DST change.
 * A local time that does not exist (02:30 on a spring-forward night) resolves forward by
 * the size of the gap (03:30), as Temporal's "compatible" disambiguation does; a local time
 * that exists twice (02:30 on a fall-back night) is its first occurrence.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DIGEST_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Whether `name` is a time zone this runtime knows (an IANA name such as Europe/Berlin). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    formatFor(name);
    return true;
  } catch {
    return false;
  }
}

export type LocalTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

/** The wall-clock reading of instant `ms` in `timeZone`. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's clock is ahead of UTC at instant `ms` (whole seconds). */
function offsetAt(ms: number, timeZone: string): number {
  const t = localTime(ms, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock reading names in `timeZone` (see the rules above for gaps and folds). */
export function zonedInstant(
  local: Pick<LocalTime, "year" | "month" | "day" | "hour" | "minute">,
  timeZone: string,
): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const before = offsetAt(asUtc - DAY, timeZone);
  const after = offsetAt(asUtc + DAY, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((candidate) => offsetAt(candidate, timeZone) === asUtc - candidate)
    .sort((a, b) => a - b);
  // No match: the reading falls in a gap, and the offset from before the gap moves it forward.
  return matches[0] ?? asUtc - before;
}

/** The first local top of the hour strictly after `now`. */
export function nextHourly(now: number, timeZone: string): number {
  // Offsets are whole quarter hours, so a local top of the hour is on a UTC quarter hour.
  const quarter = 15 * MINUTE;
  let candidate = Math.floor(now / quarter) * quarter + quarter;
  while (localTime(candidate, timeZone).minute !== 0) candidate += quarter;
  return candidate;
}

/** The first instant strictly after `now` at which the local clock reads `at` ("HH:MM"). */
export function nextDaily(now: number, at: string, timeZone: string): number {
  const match = DIGEST_TIME.exec(at);
  if (!match) throw new Error(`not a time of day: ${at}`);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const today = localTime(now, timeZone);
  for (let days = 0; days < 3; days++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
    const candidate = zonedInstant(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour,
        minute,
      },
      timeZone,
    );
    if (candidate > now) return candidate;
  }
  throw new Error(`no ${at} after ${new Date(now).toISOString()} in ${timeZone}`);
}

/** "09:00": the local time of day of an instant, as digests are named. */
export function localClock(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  return `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}
