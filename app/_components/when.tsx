import { formatWhen, type WhenOptions } from "@/lib/core/dates";

/** A time as the portal shows it (UTC, see lib/core/dates.ts), machine-readable too. */
export function When({ date, ...options }: { date: Date } & WhenOptions) {
  return <time dateTime={date.toISOString()}>{formatWhen(date, options)}</time>;
}
