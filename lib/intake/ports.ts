import type { NotificationEvent } from "@/lib/core/events";
import type { DeliveryChannel, PsaSettings } from "@/lib/core/psa";
import type { EmailSettings } from "@/lib/core/settings";

/*
 * What the intake use case needs from storage, and nothing more. The SQLite adapter
 * (db/sqlite/intake-store.ts) implements it with prepared statements and a group commit, the
 * PostgreSQL one (db/postgres/intake-store.ts) with named statements and a group commit of its own.
 */

export type IntakeAccount = { id: string; slug: string };

/** The idempotency keys of one accepted event, and what the first acceptance answered. */
export type StoredAnswer = {
  id: string;
  bodyHash: string | null;
  state: "queued" | "suppressed";
  suppressedReason: string | null;
  recipientCount: number;
  /** Which key matched: the caller's webhook-id, or the platform's event id and status. */
  matchedBy: "webhook" | "event";
};

export type NewNotification = {
  id: string;
  accountId: string;
  organizationId: string | null;
  organizationName: string;
  eventId: string;
  type: NotificationEvent["type"];
  eventStatus: NotificationEvent["status"];
  /** An update's `updated_at` (successive updates are distinct events); "" otherwise. */
  followUpKey: string;
  /** The open notification an update follows, when Beacon accepted it. */
  followsId: string | null;
  severity: string | null;
  title: string;
  state: "queued" | "suppressed";
  suppressedReason: string | null;
  routeReason: string | null;
  isTest: boolean;
  /** The event as received (unknown fields included), as JSON text. */
  payloadJson: string;
  webhookId: string | null;
  webhookIndex: number;
  bodyHash: string | null;
  subject: string;
  headers: Record<string, string>;
  recipients: string[];
  /** Reminders to schedule for this open alert (clock times), when its type's are on. */
  reminder?: { anchorAt: number; everyMs: number; times: number } | null;
  /**
   * When the email deliveries wait for a digest: held until its slot (epoch ms), and what
   * they wait for in words ("for the 09:00 digest", "by a maintenance window until 18:00"). The PSA's delivery never waits.
   */
  hold?: { until: number; words: string } | null;
  /** The PSA's delivery (webhook ticket or email-to-ticket), when the PSA covers it. */
  psa?: { channel: DeliveryChannel; recipient: string } | null;
  createdAt: number;
};

/**
 * One event's work inside the shared write transaction; everything it reads is current.
 * Asynchronous, so that an engine with a network between it and its database implements it
 * the same way as SQLite, whose answers are ready at once.
 */
/** A reminder that is due, with what its notification needs (the original's payload). */
export type DueReminder = {
  id: string;
  accountId: string;
  slug: string;
  notificationId: string;
  anchorAt: number;
  everyMs: number;
  times: number;
  sent: number;
  payload: string | null;
};

/** An event's two idempotency keys: the caller's webhook-id (and place), and the event's own. */
export type IntakeKey = {
  accountId: string;
  webhookId: string | null;
  webhookIndex: number;
  type: NotificationEvent["type"];
  eventId: string;
  eventStatus: NotificationEvent["status"];
  followUpKey: string;
};

export interface IntakeUnit {
  previous(key: IntakeKey): Promise<StoredAnswer | null>;
  /**
   * The open notification of an alert (real, not a test) and the addresses it was emailed
   * to, or null when Beacon never accepted it.
   */
  original(
    accountId: string,
    type: NotificationEvent["type"],
    eventId: string,
  ): Promise<{
    id: string;
    state: "queued" | "suppressed";
    organizationId: string | null;
    emailRecipients: string[];
  } | null>;
  /** The account's organization with the platform's id, created or renamed as needed. */
  organization(
    accountId: string,
    externalId: string,
    name: string,
  ): Promise<{ id: string; name: string }>;
  /** The Email Integration's settings, validated (see readStoredSettings). */
  settings(accountId: string): Promise<EmailSettings>;
  /** The account's PSA integration's settings, or null when it has none. */
  psa(accountId: string): Promise<PsaSettings | null>;
  /** Ends the pending reminders of an alert (it was resolved). */
  endReminders(accountId: string, type: NotificationEvent["type"], eventId: string): Promise<void>;
  /** Inserts the notification and one queued (or held) delivery per recipient; false if a twin won. */
  insert(notification: NewNotification): Promise<boolean>;
  /** The reminders due at `now`, oldest first (the reminder schedule's step). */
  dueReminders(now: number, limit: number): Promise<DueReminder[]>;
  /** Records a reminder's progress: how many were sent, when the next is due (null: ended, and why). */
  updateReminder(
    id: string,
    change: { sent: number; nextDueAt: number | null; endedReason: string | null },
  ): Promise<void>;
}

export interface IntakeStore {
  /**
   * Runs `work` inside a write transaction shared with concurrent callers (group commit):
   * resolves once that transaction is durable, rejects with StorageUnavailableError when
   * it could not be. A `work` that throws is rolled back alone.
   */
  run<T>(work: (unit: IntakeUnit) => Promise<T>): Promise<T>;
  /** When the earliest pending reminder is due, or null: read outside any write transaction. */
  nextReminderAt(): Promise<number | null>;
}

/** The database can't take writes right now (read-only, disk full, locked): try again later. */
export class StorageUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super(`Storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
