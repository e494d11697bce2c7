/** Where one email to one recipient stands. */
export const DELIVERY_STATUSES = [
  "held", // waiting for its digest (next_attempt_at is the digest's slot); never claimed
  "digested", // went out inside a digest email (digest_id names the digest notification)
  "queued", // waiting for the dispatcher (also: waiting for a retry)
  "sending", // claimed by a dispatcher, in a batch that is being sent
  "sent", // the provider (or local mailbox) accepted it
  "delivery_delayed",
  "delivered",
  "bounced",
  "complained",
  "failed", // refused by the provider for good (validation, provider-reported failure)
  "dead", // gave up after the maximum attempts or age
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * How far along a delivery is. A provider event only ever moves a delivery forward, so
 * duplicates and out-of-order events (a late `email.sent` after `email.delivered`) leave
 * the truest status in place, while a bounce or complaint after delivery still wins.
 * The final outcomes share a rank: the first one reported stands.
 */
export const STATUS_RANK: Record<DeliveryStatus, number> = {
  held: 0,
  // Never sent on its own, so no provider event ever names it: the digest's delivery does.
  digested: 2,
  queued: 0,
  sending: 1,
  dead: 1, // given up by the dispatcher, yet the provider may report it was sent after all
  sent: 2,
  delivery_delayed: 3,
  delivered: 4,
  complained: 5,
  bounced: 5,
  failed: 5,
};

/** The order statuses are listed in a summary: how far along, then what went wrong. */
export const SUMMARY_ORDER: readonly DeliveryStatus[] = [
  "delivered",
  "sent",
  "digested",
  "delivery_delayed",
  "sending",
  "queued",
  "held",
  "bounced",
  "complained",
  "failed",
  "dead",
];

export type StatusCount = { status: DeliveryStatus; count: number };

export function sortStatusCounts(counts: StatusCount[]): StatusCount[] {
  return counts.sort((a, b) => SUMMARY_ORDER.indexOf(a.status) - SUMMARY_ORDER.indexOf(b.status));
}

/** Deliveries an admin may send again: those that ended without reaching the inbox… */
export const RETRYABLE_STATUSES: readonly DeliveryStatus[] = ["failed", "dead", "bounced"];

/**
 * …except a permanent bounce (the receiving server says the address doesn't exist or never
 * accepts mail): sending again only bounces again and costs the sender's reputation. The
 * provider's events say so first in the detail they leave (lib/transports/resend-events.ts).
 */
export const PERMANENT_BOUNCE_PREFIX = "Permanent bounce";

export function isPermanentBounce(delivery: { status: string; lastError: string | null }): boolean {
  return (
    delivery.status === "bounced" && (delivery.lastError ?? "").startsWith(PERMANENT_BOUNCE_PREFIX)
  );
}

export function canRetry(delivery: { status: DeliveryStatus; lastError: string | null }): boolean {
  return RETRYABLE_STATUSES.includes(delivery.status) && !isPermanentBounce(delivery);
}
