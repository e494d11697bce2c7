const WHEN = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** Dates on these pages are shown in UTC, so every admin reads the same time. */
export function formatWhen(date: Date): string {
  return `${WHEN.format(date)} UTC`;
}
