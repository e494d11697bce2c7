"use client";

import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "3 minutes ago", from a time and now (exported for its test). */
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
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZoneName: "short",
  }).format(at);
}

/**
 * A time shown relative ("3 min ago") with the exact time, in the viewer's time zone, on
 * hover and for screen readers. The server renders the exact UTC time (it knows no zone);
 * the browser swaps in its own words once mounted, and refreshes them every 30 seconds.
 */
export function RelativeTime({
  date,
  className,
}: {
  date: Date | string | number;
  className?: string;
}) {
  const at = new Date(date).getTime();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const iso = new Date(at).toISOString();
  if (now === null) {
    return (
      <time dateTime={iso} className={className}>
        {iso.slice(0, 19).replace("T", " ")} UTC
      </time>
    );
  }
  const exact = exactWords(at);
  return (
    <time dateTime={iso} title={exact} className={className}>
      {relativeWords(at, now)}
      <span className="sr-only"> ({exact})</span>
    </time>
  );
}
