import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { DELIVERY_STATUSES } from "@/lib/core/delivery-status";
import type { LoggedType } from "@/lib/core/digest";
import { EVENT_STATUSES, type NotificationType, SEVERITIES } from "@/lib/core/events";
import { DELIVERY_CHANNELS } from "@/lib/core/psa";
import {
  INTEGRATION_KINDS,
  NOTIFICATION_STATES,
  REMINDER_ENDS,
  ROLES,
  type SettingChange,
} from "../sqlite/schema";
import { intBoolean, nowMs, timestampMs } from "./columns";

/*
 * The PostgreSQL mirror of db/schema.ts (read the documentation of each table there): the
 * same tables, column names, TypeScript property names and types, nullability, defaults,
 * keys and indexes (db/postgres/schema-parity.test.ts checks it). Stored values are kept as
 * SQLite keeps them wherever raw SQL compares them, so a fragment written once is portable:
 *   - timestamps (Date in TypeScript) are epoch milliseconds in a bigint (timestampMs);
 *   - plain epoch-millisecond numbers and durations are bigint ({ mode: "number" });
 *   - small counters and codes stay integer;
 *   - `is_test`, which raw SQL compares with 0 and 1, is an integer 0/1 (intBoolean);
 *     `email_verified`, only ever read and written by better-auth, is a native boolean;
 *   - JSON is jsonb, enums are text (no PostgreSQL enum types: migrations stay simple).
 * The rendered email (`html`, `text`) is plain text here: SQLite's deflated blobs
 * (db/packed-text.ts) are PostgreSQL's job, which compresses long values itself (TOAST).
 */

const createdAt = () => timestampMs("created_at").notNull().default(nowMs);
const updatedAt = () => timestampMs("updated_at").notNull().default(nowMs);

// ── Authentication (the shape better-auth expects) ─────────────────────────────

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: timestampMs("expires_at").notNull(),
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

export const credentials = pgTable(
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
    accessTokenExpiresAt: timestampMs("access_token_expires_at"),
    refreshTokenExpiresAt: timestampMs("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("credentials_user_idx").on(t.userId)],
);

export const verifications = pgTable("verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// ── Tenancy ────────────────────────────────────────────────────────────────────

export const accounts = pgTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: createdAt(),
});

export { ROLES, type Role } from "../sqlite/schema";

export const memberships = pgTable(
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

export const organizations = pgTable(
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

export { INTEGRATION_KINDS, type IntegrationKind } from "../sqlite/schema";

export const integrations = pgTable(
  "integrations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: INTEGRATION_KINDS }).notNull(),
    /** Read it with readStoredSettings (lib/core/settings.ts), never as it is. */
    settings: jsonb("settings").$type<unknown>().notNull(),
    secret: text("secret"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("integrations_account_kind_uq").on(t.accountId, t.kind)],
);

export type { SettingChange } from "../sqlite/schema";

export const integrationChanges = pgTable(
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
    changes: jsonb("changes").$type<SettingChange[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("integration_changes_integration_idx").on(t.integrationId, t.createdAt)],
);

export const webhookSecrets = pgTable(
  "webhook_secrets",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    expiresAt: timestampMs("expires_at"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_secrets_account_idx").on(t.accountId)],
);

// ── Notifications and their deliveries ─────────────────────────────────────────

export { NOTIFICATION_STATES } from "../sqlite/schema";

export const notifications = pgTable(
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
    type: text("type").$type<LoggedType>().notNull(),
    eventStatus: text("event_status", { enum: EVENT_STATUSES }).notNull(),
    followUpKey: text("follow_up_key").notNull().default(""),
    followsId: text("follows_id"),
    severity: text("severity", { enum: SEVERITIES }),
    title: text("title").notNull(),
    state: text("state", { enum: NOTIFICATION_STATES }).notNull(),
    suppressedReason: text("suppressed_reason"),
    routeReason: text("route_reason"),
    /**
     * 0 or 1, as on SQLite: queries and the partial indexes below say `is_test = 0`. The
     * default is SQL: a custom type's `.default(false)` would be written as it is (`DEFAULT
     * false`), which an integer column refuses.
     */
    isTest: intBoolean("is_test").notNull().default(sql`0`),
    /**
     * `json`, not `jsonb`: the text as it was stored, so "Payload as received" shows the
     * caller's key order, as SQLite's text column does (jsonb would sort the keys).
     */
    payload: json("payload").$type<Record<string, unknown>>().notNull(),
    webhookId: text("webhook_id"),
    webhookIndex: integer("webhook_index").notNull().default(-1),
    bodyHash: text("body_hash"),
    subject: text("subject").notNull(),
    /** Plain text, not deflated: PostgreSQL compresses long values itself (TOAST). */
    html: text("html").notNull(),
    text: text("text").notNull(),
    renderedAt: timestampMs("rendered_at"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    recipientCount: integer("recipient_count").notNull(),
    heldFor: text("held_for"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_account_webhook_uq").on(t.accountId, t.webhookId, t.webhookIndex),
    index("notifications_account_created_idx").on(t.accountId, t.createdAt),
    index("notifications_account_type_created_idx").on(t.accountId, t.type, t.createdAt),
    index("notifications_org_created_idx").on(t.organizationId, t.createdAt),
    index("notifications_account_suppressed_idx")
      .on(t.accountId, t.createdAt)
      .where(sql`state = 'suppressed'`),
    index("notifications_unrendered_idx").on(t.createdAt).where(sql`rendered_at is null`),
    index("notifications_account_test_idx").on(t.accountId, t.createdAt).where(sql`is_test = 1`),
    uniqueIndex("notifications_account_event_uq")
      .on(t.accountId, t.type, t.eventId, t.eventStatus, t.followUpKey)
      .where(sql`is_test = 0`),
  ],
);

export { REMINDER_ENDS } from "../sqlite/schema";

export const reminders = pgTable(
  "reminders",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    type: text("type").$type<NotificationType>().notNull(),
    eventId: text("event_id").notNull(),
    /** Clock time, epoch milliseconds. */
    anchorAt: bigint("anchor_at", { mode: "number" }).notNull(),
    /**
     * Up to 168 hours (6.05e8 ms) fits an integer, but `anchor_at + k * every_ms` must not
     * overflow int4 arithmetic: bigint.
     */
    everyMs: bigint("every_ms", { mode: "number" }).notNull(),
    times: integer("times").notNull(),
    sent: integer("sent").notNull().default(0),
    nextDueAt: bigint("next_due_at", { mode: "number" }),
    endedReason: text("ended_reason", { enum: REMINDER_ENDS }),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("reminders_notification_uq").on(t.notificationId),
    index("reminders_alert_idx").on(t.accountId, t.type, t.eventId),
    index("reminders_due_idx").on(t.nextDueAt).where(sql`next_due_at is not null`),
  ],
);

export { DELIVERY_STATUSES, type DeliveryStatus } from "../sqlite/schema";

export const deliveries = pgTable(
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
    channel: text("channel", { enum: DELIVERY_CHANNELS }).notNull().default("email"),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestampMs("next_attempt_at").notNull(),
    batchId: text("batch_id"),
    providerMessageId: text("provider_message_id"),
    lastError: text("last_error"),
    digestId: text("digest_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("deliveries_notification_recipient_uq").on(t.notificationId, t.recipient),
    index("deliveries_due_idx").on(t.nextAttemptAt, t.createdAt).where(sql`status = 'queued'`),
    index("deliveries_waiting_idx")
      .on(t.accountId, t.createdAt, t.notificationId)
      .where(sql`status in ('queued', 'sending')`),
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
    index("deliveries_held_idx")
      .on(t.nextAttemptAt, t.accountId, t.recipient)
      .where(sql`status = 'held'`),
    index("deliveries_digest_idx").on(t.digestId).where(sql`digest_id is not null`),
  ],
);

export const deliveryEvents = pgTable(
  "delivery_events",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    detail: text("detail"),
    source: text("source", { enum: ["dispatcher", "provider", "admin"] }).notNull(),
    providerEventId: text("provider_event_id").unique(),
    occurredAt: timestampMs("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("delivery_events_delivery_idx").on(t.deliveryId, t.occurredAt)],
);

/*
 * Read models that SQLite keeps by triggers (db/migrations 0002, 0004, 0006, 0008): the
 * tables are mirrored here; their triggers and the seed rows of `status_groups` are
 * hand-written SQL, not part of the drizzle schema.
 */

export const notificationGroups = pgTable(
  "notification_groups",
  {
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    group: text("grp").notNull(),
    accountId: text("account_id").notNull(),
    createdAt: timestampMs("created_at").notNull(),
    count: integer("n").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.group] }),
    index("notification_groups_filter_idx").on(t.accountId, t.group, t.createdAt, t.notificationId),
  ],
);

export const recipientStatusCounts = pgTable(
  "recipient_status_counts",
  {
    accountId: text("account_id").notNull(),
    address: text("address").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    count: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.address, t.status] })],
);

export const statusGroups = pgTable(
  "status_groups",
  { status: text("status").notNull(), group: text("grp").notNull() },
  (t) => [primaryKey({ columns: [t.status, t.group] })],
);

export const dispatchBatches = pgTable(
  "dispatch_batches",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    body: text("body").notNull(),
    transport: text("transport").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestampMs("lease_until").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("dispatch_batches_lease_idx").on(t.leaseUntil)],
);

export const dispatchState = pgTable("dispatch_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: updatedAt(),
});

export const mailboxMessages = pgTable(
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
    /** Plain text, not deflated (see notifications.html). */
    html: text("html").notNull(),
    text: text("text").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("mailbox_account_created_idx").on(t.accountId, t.createdAt)],
);

export const hourlyCounts = pgTable(
  "hourly_counts",
  {
    accountId: text("account_id").notNull(),
    /** The hour's first millisecond (UTC), epoch milliseconds. */
    hour: bigint("hour", { mode: "number" }).notNull(),
    metric: text("metric").notNull(),
    count: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.hour, t.metric] })],
);

export const inboundRefusals = pgTable(
  "inbound_refusals",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id"),
    endpoint: text("endpoint", { enum: ["single", "batch"] }).notNull(),
    /** The HTTP status of the refusal. */
    status: integer("status").notNull(),
    code: text("code").notNull(),
    message: text("message").notNull(),
    fields: jsonb("fields").$type<{ field: string; message: string }[]>().notNull(),
    createdAt: timestampMs("created_at").notNull(),
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
