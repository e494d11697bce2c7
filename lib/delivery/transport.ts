import type { DeliveryStatus } from "@/lib/core/delivery-status";

/**
 * What the dispatcher hands a transport, and what it gets back. A transport sends one
 * batch (one provider call) and classifies the answer; the dispatcher owns retries,
 * backoff, leases and the database.
 */

/**
 * A delivery event reported by a provider (sent, delivered, bounced…), as its transport
 * read it from the provider's signed webhook. `status` is null for an event Beacon does
 * not record; `deliveryId` is the id the transport put in the email, when echoed back.
 */
export type ProviderEvent = {
  providerEventId: string;
  providerMessageId: string;
  deliveryId: string | null;
  kind: string;
  status: DeliveryStatus | null;
  detail: string | null;
  occurredAt: Date;
};

/** What a PSA ticket is made of: the notification behind a PSA webhook delivery. */
export type TicketSource = {
  notificationId: string;
  accountId: string;
  /** The ticket's external reference: the open notification's id, for its resolved event too. */
  reference: string;
  isTest: boolean;
  payload: Record<string, unknown>;
  /** The PSA's endpoint when the delivery was claimed. */
  endpoint: string;
};

/** One email to one recipient: one delivery. */
export type OutboundEmail = {
  deliveryId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Set for the PSA webhook lane only. */
  ticket?: TicketSource;
};

export type SendOutcome =
  | {
      deliveryId: string;
      ok: true;
      providerMessageId: string | null;
      /** The transport put it in the inbox itself (the local mailbox): no delivery event will follow. */
      delivered?: boolean;
      /** What the delivery's history says of it, when the transport has better words than "Accepted by". */
      detail?: string;
    }
  | { deliveryId: string; ok: false; permanent: true; error: string };

export type BatchResult =
  /** The provider answered per email. */
  | { kind: "done"; outcomes: SendOutcome[] }
  /**
   * Transient (5xx, timeout, network, 429 rate limit): send the SAME body with the SAME
   * key later. `retryAfterMs`, when given, is how long the provider asked us to wait.
   */
  | { kind: "retry"; error: string; retryAfterMs?: number }
  /**
   * Sending must stop for every delivery and the condition be flagged (daily or monthly
   * quota, or an API key the provider refuses). `untilMs` is an epoch-milliseconds time
   * before which sending cannot succeed, when the provider said so.
   */
  | { kind: "paused"; error: string; untilMs?: number }
  /** The whole call is invalid (4xx validation): fail these deliveries at once with this reason. */
  | { kind: "rejected"; error: string };

export interface Transport {
  /** "resend" | "mailbox" */
  readonly name: string;
  readonly maxBatchSize: number;
  /** The exact request bytes, stored before the call so that a retry sends the same bytes. */
  encode(emails: OutboundEmail[]): string;
  send(body: string, idempotencyKey: string): Promise<BatchResult>;
}
