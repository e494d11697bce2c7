const WHEN = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/** Times in the delivery log are UTC to the second, so everyone reads the same history. */
export function formatWhen(date: Date): string {
  return `${WHEN.format(date)} UTC`;
}
