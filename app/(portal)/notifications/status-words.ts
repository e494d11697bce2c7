import type { DeliveryStatus } from "@/db/schema";
import type { EventStatus } from "@/lib/core/events";
import type { StatusFilter } from "@/lib/core/log-filters";
import { reminderNumber } from "@/lib/core/reminders";

/**
 * Statuses in words, with a tone that is only a second cue: every badge carries its word,
 * so nothing is told by colour alone.
 */

export type Tone = "ok" | "warn" | "danger" | "neutral";

export const DELIVERY_STATUS_WORDS: Record<DeliveryStatus, { word: string; tone: Tone }> = {
  held: { word: "held", tone: "neutral" },
  digested: { word: "sent in digest", tone: "ok" },
  queued: { word: "queued", tone: "neutral" },
  sending: { word: "sending", tone: "neutral" },
  sent: { word: "sent", tone: "ok" },
  delivery_delayed: { word: "delayed", tone: "warn" },
  delivered: { word: "delivered", tone: "ok" },
  bounced: { word: "bounced", tone: "danger" },
  complained: { word: "marked as spam", tone: "danger" },
  failed: { word: "failed", tone: "danger" },
  dead: { word: "dead (gave up)", tone: "danger" },
};

/** What each status means, for the detail page's explanation beside a delivery. */
export const DELIVERY_STATUS_MEANING: Record<DeliveryStatus, string> = {
  held: "Held for a digest, or until a maintenance window ends: it then goes out inside one digest email.",
  digested: "Sent inside a digest email, with the period's other notifications.",
  queued: "Waiting for the dispatcher, or for its next retry.",
  sending: "In a batch being handed to the email service.",
  sent: "Accepted by the email service; delivery not yet confirmed.",
  delivery_delayed: "The receiving server is deferring it; the email service keeps trying.",
  delivered: "The receiving server accepted it.",
  bounced: "The receiving server refused it.",
  complained: "The recipient marked it as spam.",
  failed: "Refused for good; it will not be retried by itself.",
  dead: "Beacon gave up after the maximum attempts or age.",
};

export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  waiting: "Waiting to send (queued or sending)",
  held: "Held (for a digest or a maintenance window)",
  digested: "Sent in a digest",
  sent: "Sent, delivery not yet confirmed",
  delivered: "Delivered",
  undelivered: "Not delivered (failed, dead, bounced or spam)",
  failed: "Failed",
  dead: "Dead (gave up)",
  bounced: "Bounced",
  complained: "Marked as spam",
  suppressed: "Suppressed (not emailed)",
};

export const EVENT_SOURCE_WORDS = {
  dispatcher: "Dispatcher",
  provider: "Email provider",
  admin: "Admin",
} as const;

/** Steps that appear only in a delivery's history, never as its current status. */
const HISTORY_ONLY_WORDS: Record<string, { word: string; tone: Tone }> = {
  retrying: { word: "retrying", tone: "warn" },
  paused: { word: "paused", tone: "warn" },
  suppressed: { word: "suppressed by provider", tone: "danger" },
};

export function deliveryWord(status: string): { word: string; tone: Tone } {
  return (
    DELIVERY_STATUS_WORDS[status as DeliveryStatus] ??
    HISTORY_ONLY_WORDS[status] ?? { word: status.replace(/_/g, " "), tone: "neutral" }
  );
}

/** An alert is resolved once any of its events resolved it; updates leave it open. */
export function alertIsResolved(events: readonly { eventStatus: EventStatus }[]): boolean {
  return events.some((event) => event.eventStatus === "resolved");
}

/** An event of an alert's history, as the log's list names it ("Reminder 2" for a reminder). */
export function alertEventWord(event: { eventStatus: EventStatus; followUpKey: string }): string {
  const reminder = reminderNumber(event.followUpKey);
  if (reminder !== null) return `Reminder ${reminder}`;
  return { open: "Opened", updated: "Update", resolved: "Resolved" }[event.eventStatus];
}
