import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { DELIVERY_STATUSES } from "@/lib/core/delivery-status";
import type { LoggedType } from "@/lib/core/digest";
import { EVENT_STATUSES, type NotificationType, SEVERITIES } from "@/lib/core/events";
import { DELIVERY_CHANNELS } from "@/lib/core/psa";
import { packedText } from "../packed-text";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

// ── Authentication (the shape better-auth expects) ─────────────────────────────

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
  image: text("image"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    token: text("token").notNull().unique(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** better-auth's "account" model: a user's credentials (here: email + password hash). */
export const credentials = sqliteTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: integer("access_token_expires_at", { mode: "timestamp_ms" }),
    refreshTokenExpiresAt: integer("refresh_token_expires_at", { mode: "timestamp_ms" }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("credentials_user_idx").on(t.userId)],
);

export const verifications = sqliteTable("verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// ── Tenancy ────────────────────────────────────────────────────────────────────

/** An MSP's account in the portal: everything below is scoped by it. */
export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: createdAt(),
});

export const ROLES = ["admin", "user"] as const;
export type Role = (typeof ROLES)[number];

export const memberships = sqliteTable(
  "memberships",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.accountId] })],
);

/** The account's customers; each notification belongs to one, keyed by the platform's id. */
export const organizations = sqliteTable(
  "organizations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("organizations_account_external_uq").on(t.accountId, t.externalId)],
);

// ── Integrations ───────────────────────────────────────────────────────────────

export const INTEGRATION_KINDS = ["email", "psa"] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/** One row per account and kind: the unique index is what makes the Email Integration singular. */
export const integrations = sqliteTable(
  "integrations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: INTEGRATION_KINDS }).notNull(),
    /** Read it with readStoredSettings (lib/core/settings.ts), never as it is. */
    settings: text("settings", { mode: "json" }).$type<unknown>().notNull(),
    /** The PSA's signing secret (whsec_…), encrypted like webhook secrets (db/encryption.ts). */
    secret: text("secret"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("integrations_account_kind_uq").on(t.accountId, t.kind)],
);

export type SettingChange = { field: string; from: string; to: string };

/** The history of an integration: who changed what, from what, to what. */
export const integrationChanges = sqliteTable(
  "integration_changes",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    integrationId: text("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    userEmail: text("user_email").notNull(),
    changes: text("changes", { mode: "json" }).$type<SettingChange[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("integration_changes_integration_idx").on(t.integrationId, t.createdAt)],
);

/**
 * Signing secrets for inbound webhooks. Several may be valid at once: a rotated-out
 * secret keeps working until `expiresAt` so callers can switch without losing events.
 */
export const webhookSecrets = sqliteTable(
  "webhook_secrets",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_secrets_account_idx").on(t.accountId)],
);

// ── Notifications and their deliveries ─────────────────────────────────────────

export const NOTIFICATION_STATES = ["queued", "suppressed"] as const;

/**
 * One accepted event (or a test send). Recipients and the rendered email are fixed here,
 * at acceptance, so later settings changes never rewrite history.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    organizationId: text("organization_id").references(() => organizations.id, {
      onDelete: "set null",
    }),
    organizationName: text("organization_name").notNull(),
    eventId: text("event_id").notNull(),
    /** An event type, or "digest" for a digest email (lib/delivery/digests.ts). */
    type: text("type").$type<LoggedType>().notNull(),
    eventStatus: text("event_status", { enum: EVENT_STATUSES }).notNull(),
    /**
     * Tells successive follow-ups of one event and status apart in the idempotency key: an
     * update's `updated_at`; empty for open and resolved, which happen once.
     */
    followUpKey: text("follow_up_key").notNull().default(""),
    /** The open notification an update follows (threaded with it, sent to its recipients). */
    followsId: text("follows_id"),
    severity: text("severity", { enum: SEVERITIES }),
    title: text("title").notNull(),
    state: text("state", { enum: NOTIFICATION_STATES }).notNull(),
    suppressedReason: text("suppressed_reason"),
    routeReason: text("route_reason"),
    isTest: integer("is_test", { mode: "boolean" }).notNull().default(false),
    /** The event as received, unknown fields included. */
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Inbound idempotency: the caller's webhook-id and a hash of the raw body. */
    webhookId: text("webhook_id"),
    /** The event's place in a batch request; -1 for a single-event request (its own key space). */
    webhookIndex: integer("webhook_index").notNull().default(-1),
    bodyHash: text("body_hash"),
    subject: text("subject").notNull(),
    /**
     * The rendered email, once per notification: written by the dispatcher after the event is
     * committed (rendering is kept off the webhook's path), never rewritten afterwards. Until
     * then `renderedAt` is null and `html`/`text` are empty. Stored deflated (packed-text.ts).
     */
    html: packedText("html").notNull(),
    text: packedText("text").notNull(),
    renderedAt: integer("rendered_at", { mode: "timestamp_ms" }),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull(),
    recipientCount: integer("recipient_count").notNull(),
    /** What its email deliveries wait for when held at intake: "for the 09:00 digest". */
    heldFor: text("held_for"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_account_webhook_uq").on(t.accountId, t.webhookId, t.webhookIndex),
    index("notifications_account_created_idx").on(t.accountId, t.createdAt),
    index("notifications_account_type_created_idx").on(t.accountId, t.type, t.createdAt),
    // organization_id first: it also serves the foreign key from organizations.
    index("notifications_org_created_idx").on(t.organizationId, t.createdAt),
    // Only the suppressed ones: the filter that needs it; the others never look them up by state.
    index("notifications_account_suppressed_idx")
      .on(t.accountId, t.createdAt)
      .where(sql`state = 'suppressed'`),
    index("notifications_unrendered_idx").on(t.createdAt).where(sql`rendered_at is null`),
    // Test sends only (a handful): the Overview leaves their waiting deliveries out without
    // looking up every waiting delivery's notification.
    index("notifications_account_test_idx").on(t.accountId, t.createdAt).where(sql`is_test = 1`),
    // The platform's event id is a second idempotency key (a retry may come with a new
    // webhook-id); test sends reuse sample ids, so they are left out.
    uniqueIndex("notifications_account_event_uq")
      .on(t.accountId, t.type, t.eventId, t.eventStatus, t.followUpKey)
      .where(sql`is_test = 0`),
  ],
);

export const REMINDER_ENDS = ["resolved", "done", "switched_off", "original_gone"] as const;

/**
 * One open alert's reminders (lib/core/reminders.ts): created with its open notification when
 * the type's reminders were on, advanced by the reminder schedule in the same transaction
 * that inserts each reminder notification, ended by the alert's resolution. `next_due_at` is
 * clock time (lib/core/clock.ts); null once ended.
 */
export const reminders = sqliteTable(
  "reminders",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The alert's open notification, which the reminders thread under and are sent to. */
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    type: text("type").$type<NotificationType>().notNull(),
    eventId: text("event_id").notNull(),
    anchorAt: integer("anchor_at").notNull(),
    everyMs: integer("every_ms").notNull(),
    times: integer("times").notNull(),
    sent: integer("sent").notNull().default(0),
    nextDueAt: integer("next_due_at"),
    endedReason: text("ended_reason", { enum: REMINDER_ENDS }),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("reminders_notification_uq").on(t.notificationId),
    index("reminders_alert_idx").on(t.accountId, t.type, t.eventId),
    // Only pending ones: the schedule's claim reads as many entries as are due.
    index("reminders_due_idx").on(t.nextDueAt).where(sql`next_due_at is not null`),
  ],
);

export { DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/core/delivery-status";

export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    recipient: text("recipient").notNull(),
    /** Which transport lane sends it: plain email, or the PSA's webhook or email-to-ticket. */
    channel: text("channel", { enum: DELIVERY_CHANNELS }).notNull().default("email"),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    batchId: text("batch_id"),
    providerMessageId: text("provider_message_id"),
    lastError: text("last_error"),
    /** The digest notification a `digested` delivery went out in. */
    digestId: text("digest_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("deliveries_notification_recipient_uq").on(t.notificationId, t.recipient),
    // Partial indexes: a delivery is in them only while it is waiting, so the intake and the
    // dispatcher's status changes write few index entries and the indexes stay as small as
    // the backlog, not the history. A query must spell the status as a literal to use them.
    index("deliveries_due_idx").on(t.nextAttemptAt, t.createdAt).where(sql`status = 'queued'`),
    index("deliveries_waiting_idx")
      .on(t.accountId, t.createdAt, t.notificationId)
      .where(sql`status in ('queued', 'sending')`),
    // The PSA lanes' claims: queued PSA deliveries only, so plain email (nearly all) never
    // enters it. A query must spell both terms as literals to use it.
    index("deliveries_psa_due_idx")
      .on(t.channel, t.nextAttemptAt)
      .where(sql`status = 'queued' and channel <> 'email'`),
    index("deliveries_account_recipient_idx").on(
      t.accountId,
      sql`lower(${t.recipient})`,
      t.updatedAt,
    ),
    index("deliveries_provider_message_idx")
      .on(t.providerMessageId)
      .where(sql`provider_message_id is not null`),
    index("deliveries_batch_idx").on(t.batchId).where(sql`batch_id is not null`),
    // Held deliveries by their digest slot: the digest scheduler's claims and next-due read.
    index("deliveries_held_idx")
      .on(t.nextAttemptAt, t.accountId, t.recipient)
      .where(sql`status = 'held'`),
    index("deliveries_digest_idx").on(t.digestId).where(sql`digest_id is not null`),
  ],
);

/** Every status change of a delivery, from the dispatcher or the provider's events. */
export const deliveryEvents = sqliteTable(
  "delivery_events",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    detail: text("detail"),
    source: text("source", { enum: ["dispatcher", "provider", "admin"] }).notNull(),
    /** The provider's event id (svix-id), so a replayed event is recorded once. */
    providerEventId: text("provider_event_id").unique(),
    occurredAt: integer("occurred_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("delivery_events_delivery_idx").on(t.deliveryId, t.occurredAt)],
);

/**
 * Read models kept by triggers on `deliveries` (migrations 0002 and 0004), so the delivery
 * log's status filters and the flagged-addresses panel read a few index entries instead of
 * every delivery of the account, whatever code path changes a status. They leave out the
 * waiting statuses (queued, sending) every delivery passes through, which would cost the
 * intake two upserts per recipient: deliveries_waiting_idx answers for those.
 *
 * `notification_groups`: per notification, how many of its deliveries are in each ended
 * status (`s:<status>`) and each filter group (`sent`, `undelivered`).
 */
export const notificationGroups = sqliteTable(
  "notification_groups",
  {
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    group: text("grp").notNull(),
    accountId: text("account_id").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    count: integer("n").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.group] }),
    index("notification_groups_filter_idx").on(t.accountId, t.group, t.createdAt, t.notificationId),
  ],
);

/** Per account, address (lower-cased) and status: how many deliveries are in that status. */
export const recipientStatusCounts = sqliteTable(
  "recipient_status_counts",
  {
    accountId: text("account_id").notNull(),
    address: text("address").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    count: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.address, t.status] })],
);

/** Which statuses count in which groups of `notification_groups` (static, seeded by 0002). */
export const statusGroups = sqliteTable(
  "status_groups",
  { status: text("status").notNull(), group: text("grp").notNull() },
  (t) => [primaryKey({ columns: [t.status, t.group] })],
);

/**
 * A provider call in flight. Written before the call with the exact request bytes and
 * idempotency key, so that a dispatcher that crashed mid-call retries the same request.
 */
export const dispatchBatches = sqliteTable(
  "dispatch_batches",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    body: text("body").notNull(),
    transport: text("transport").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("dispatch_batches_lease_idx").on(t.leaseUntil)],
);

/** Process-wide dispatcher state, e.g. a provider quota pause that every dispatcher must honour. */
export const dispatchState = sqliteTable("dispatch_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: updatedAt(),
});

/** The local mailbox transport: what would have been sent, stored and shown in the portal. */
export const mailboxMessages = sqliteTable(
  "mailbox_messages",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    deliveryId: text("delivery_id").notNull().unique(),
    from: text("from_address").notNull(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** Stored deflated like a notification's email (packed-text.ts); older rows are plain. */
    html: packedText("html").notNull(),
    text: packedText("text").notNull(),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("mailbox_account_created_idx").on(t.accountId, t.createdAt)],
);

/**
 * Per account, hour (its first millisecond, UTC) and metric: a count kept by triggers
 * (migration 0006), so the Overview's counters and charts read at most 24 x 7 rows per
 * metric whatever the number of notifications. Metrics: `received`, `suppressed`,
 * `t:<type>` (notifications of the hour, counted once rendered) and `s:<status>` (their
 * deliveries, by ended status now; waiting ones are read from deliveries_waiting_idx).
 * Test sends are left out.
 */
export const hourlyCounts = sqliteTable(
  "hourly_counts",
  {
    accountId: text("account_id").notNull(),
    hour: integer("hour").notNull(),
    metric: text("metric").notNull(),
    count: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.hour, t.metric] })],
);

/**
 * Inbound webhook requests that were refused (401, 413, 422, 429...), for the integrator's
 * request log. Written off the intake's path in small batches, at most a bounded number of
 * rows per account, and pruned after 7 days. Never the body: only our own answer (code,
 * message, the names and messages of the bad fields) and the caller's webhook-id.
 * Accepted requests need no row here: they are the notifications (webhook_id, created_at).
 */
export const inboundRefusals = sqliteTable(
  "inbound_refusals",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id"),
    endpoint: text("endpoint", { enum: ["single", "batch"] }).notNull(),
    status: integer("status").notNull(),
    code: text("code").notNull(),
    message: text("message").notNull(),
    fields: text("fields", { mode: "json" })
      .$type<{ field: string; message: string }[]>()
      .notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("inbound_refusals_account_created_idx").on(t.accountId, t.createdAt, t.id)],
);

export type Account = typeof accounts.$inferSelect;
export type Organization = typeof organizations.$inferSelect;
export type Integration = typeof integrations.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type DeliveryEvent = typeof deliveryEvents.$inferSelect;
export type MailboxMessage = typeof mailboxMessages.$inferSelect;
export * from "./schema-security";
