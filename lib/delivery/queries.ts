import {
  and,
  asc,
  desc,
  eq,
  exists,
  inArray,
  lt,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Executor } from "@/db/client";
import {
  type DeliveryStatus,
  deliveries,
  deliveryEvents,
  mailboxMessages,
  notifications,
} from "@/db/schema";
import { NOTIFICATION_TYPES, type NotificationType } from "@/lib/core/events";

/**
 * The read side of the delivery log and the local mailbox, for the portal's pages. Every
 * query takes the account id and puts it in its WHERE clause: an id of another account's
 * row simply matches nothing.
 */

// ── Filters ────────────────────────────────────────────────────────────────────

/**
 * What a person filtering the log means by a status, mapped to delivery statuses. A
 * notification matches when at least one of its deliveries is in the group; "suppressed"
 * matches notifications that were never emailed.
 */
export const STATUS_FILTERS = {
  waiting: ["queued", "sending"],
  sent: ["sent", "delivery_delayed"],
  delivered: ["delivered"],
  undelivered: ["failed", "dead", "bounced", "complained"],
  failed: ["failed"],
  dead: ["dead"],
  bounced: ["bounced"],
  complained: ["complained"],
  suppressed: [],
} as const satisfies Record<string, readonly DeliveryStatus[]>;
export type StatusFilter = keyof typeof STATUS_FILTERS;

export type NotificationFilters = {
  type?: NotificationType;
  status?: StatusFilter;
  organizationId?: string;
};

type SearchParams = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

/** Reads the filter form's GET parameters; an unknown value is dropped rather than trusted. */
export function parseNotificationFilters(params: SearchParams): NotificationFilters {
  const type = single(params.type);
  const status = single(params.status);
  const organizationId = single(params.organization);
  return {
    type: NOTIFICATION_TYPES.find((known) => known === type),
    status: status && Object.hasOwn(STATUS_FILTERS, status) ? (status as StatusFilter) : undefined,
    organizationId: organizationId && organizationId.length <= 200 ? organizationId : undefined,
  };
}

// ── Paging ─────────────────────────────────────────────────────────────────────

/** Keyset cursor: the time and id of the last row shown, so new rows never shift a page. */
export type Cursor = { at: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.at}_${cursor.id}`;
}

export function parseCursor(value: string | string[] | undefined): Cursor | undefined {
  const match = /^(\d{1,15})_([\w-]{1,100})$/.exec(single(value) ?? "");
  return match ? { at: Number(match[1]), id: match[2] ?? "" } : undefined;
}

/** Rows after the cursor in newest-first order: older, or as old with a smaller id. */
function olderThan(
  createdAt: SQLiteColumn,
  id: SQLiteColumn,
  cursor: Cursor | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const at = new Date(cursor.at);
  return or(lt(createdAt, at), and(eq(createdAt, at), lt(id, cursor.id)));
}

export const PAGE_SIZE = 50;

export type Page<T> = { rows: T[]; next: Cursor | null };

// ── The delivery log ───────────────────────────────────────────────────────────

/** The order statuses are listed in a summary: how far along, then what went wrong. */
const SUMMARY_ORDER: readonly DeliveryStatus[] = [
  "delivered",
  "sent",
  "delivery_delayed",
  "sending",
  "queued",
  "bounced",
  "complained",
  "failed",
  "dead",
];

export type StatusCount = { status: DeliveryStatus; count: number };

export type NotificationListRow = {
  id: string;
  createdAt: Date;
  type: NotificationType;
  eventStatus: "open" | "resolved";
  severity: string | null;
  organizationId: string | null;
  organizationName: string;
  subject: string;
  state: "queued" | "suppressed";
  suppressedReason: string | null;
  isTest: boolean;
  recipientCount: number;
  summary: StatusCount[];
};

function summaries(db: Executor, accountId: string, ids: string[]) {
  const byNotification = new Map<string, StatusCount[]>();
  if (ids.length === 0) return byNotification;
  const counts = db
    .select({
      notificationId: deliveries.notificationId,
      status: deliveries.status,
      count: sql<number>`count(*)`,
    })
    .from(deliveries)
    .where(and(eq(deliveries.accountId, accountId), inArray(deliveries.notificationId, ids)))
    .groupBy(deliveries.notificationId, deliveries.status)
    .all();
  for (const row of counts) {
    const list = byNotification.get(row.notificationId) ?? [];
    list.push({ status: row.status, count: row.count });
    byNotification.set(row.notificationId, list);
  }
  for (const list of byNotification.values()) {
    list.sort((a, b) => SUMMARY_ORDER.indexOf(a.status) - SUMMARY_ORDER.indexOf(b.status));
  }
  return byNotification;
}

/** The account's notifications, newest first, with each one's delivery counts by status. */
export function listNotifications(
  db: Executor,
  accountId: string,
  filters: NotificationFilters = {},
  page: { before?: Cursor; limit?: number } = {},
): Page<NotificationListRow> {
  const limit = Math.min(Math.max(page.limit ?? PAGE_SIZE, 1), 200);
  const statusFilter = filters.status;
  const rows = db
    .select({
      id: notifications.id,
      createdAt: notifications.createdAt,
      type: notifications.type,
      eventStatus: notifications.eventStatus,
      severity: notifications.severity,
      organizationId: notifications.organizationId,
      organizationName: notifications.organizationName,
      subject: notifications.subject,
      state: notifications.state,
      suppressedReason: notifications.suppressedReason,
      isTest: notifications.isTest,
      recipientCount: notifications.recipientCount,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.accountId, accountId),
        filters.type ? eq(notifications.type, filters.type) : undefined,
        filters.organizationId
          ? eq(notifications.organizationId, filters.organizationId)
          : undefined,
        statusFilter === "suppressed" ? eq(notifications.state, "suppressed") : undefined,
        statusFilter && statusFilter !== "suppressed"
          ? exists(
              db
                .select({ one: sql`1` })
                .from(deliveries)
                .where(
                  and(
                    eq(deliveries.notificationId, notifications.id),
                    eq(deliveries.accountId, accountId),
                    inArray(deliveries.status, [...STATUS_FILTERS[statusFilter]]),
                  ),
                ),
            )
          : undefined,
        olderThan(notifications.createdAt, notifications.id, page.before),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1)
    .all();

  const shown = rows.slice(0, limit);
  const counts = summaries(
    db,
    accountId,
    shown.map((row) => row.id),
  );
  const last = shown.at(-1);
  return {
    rows: shown.map((row) => ({ ...row, summary: counts.get(row.id) ?? [] })),
    next: rows.length > limit && last ? { at: last.createdAt.getTime(), id: last.id } : null,
  };
}

export type DeliveryHistoryEntry = {
  id: string;
  status: string;
  detail: string | null;
  source: "dispatcher" | "provider" | "admin";
  occurredAt: Date;
};

export type DeliveryWithHistory = {
  id: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  providerMessageId: string | null;
  updatedAt: Date;
  events: DeliveryHistoryEntry[];
};

/** One notification of the account with every delivery and its history, oldest event first. */
export function notificationDetail(db: Executor, accountId: string, notificationId: string) {
  const notification = db
    .select()
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), eq(notifications.id, notificationId)))
    .get();
  if (!notification) return null;

  const rows = db
    .select({
      id: deliveries.id,
      recipient: deliveries.recipient,
      status: deliveries.status,
      attempts: deliveries.attempts,
      lastError: deliveries.lastError,
      nextAttemptAt: deliveries.nextAttemptAt,
      providerMessageId: deliveries.providerMessageId,
      updatedAt: deliveries.updatedAt,
    })
    .from(deliveries)
    .where(and(eq(deliveries.accountId, accountId), eq(deliveries.notificationId, notificationId)))
    .orderBy(asc(deliveries.recipient))
    .all();

  const events = rows.length
    ? db
        .select({
          id: deliveryEvents.id,
          deliveryId: deliveryEvents.deliveryId,
          status: deliveryEvents.status,
          detail: deliveryEvents.detail,
          source: deliveryEvents.source,
          occurredAt: deliveryEvents.occurredAt,
        })
        .from(deliveryEvents)
        .where(
          inArray(
            deliveryEvents.deliveryId,
            rows.map((row) => row.id),
          ),
        )
        // rowid breaks ties between events recorded in the same millisecond: insertion order.
        .orderBy(asc(deliveryEvents.occurredAt), sql`${deliveryEvents}.rowid`)
        .all()
    : [];

  const byDelivery = new Map<string, DeliveryHistoryEntry[]>();
  for (const { deliveryId, ...event } of events) {
    const list = byDelivery.get(deliveryId) ?? [];
    list.push(event);
    byDelivery.set(deliveryId, list);
  }
  const withHistory: DeliveryWithHistory[] = rows.map((row) => ({
    ...row,
    events: byDelivery.get(row.id) ?? [],
  }));
  return { notification, deliveries: withHistory };
}

export type NotificationDetail = NonNullable<ReturnType<typeof notificationDetail>>;

// ── Addresses that never receive mail ──────────────────────────────────────────

/** Outcomes that mean the mail did not and will not reach the inbox by itself. */
export const UNDELIVERED_STATUSES = STATUS_FILTERS.undelivered;

export type FlaggedAddress = {
  address: string;
  /** How many deliveries to it ended, every one of them undelivered. */
  deliveries: number;
  counts: StatusCount[];
  lastStatus: DeliveryStatus;
  lastReason: string | null;
  lastAt: Date;
};

/**
 * Addresses of the account whose every delivery that has ended, ended undelivered (failed,
 * dead, bounced or complained): none ever reached the inbox, so the address is probably
 * wrong or gone. Deliveries still queued or sending have not ended and are left out, so an
 * admin's retry does not hide the flag before its outcome is known.
 */
export function flaggedAddresses(db: Executor, accountId: string): FlaggedAddress[] {
  const undelivered = inArray(deliveries.status, [...UNDELIVERED_STATUSES]);
  const ended = and(
    eq(deliveries.accountId, accountId),
    notInArray(deliveries.status, [...STATUS_FILTERS.waiting]),
  );
  // Addresses are compared without case, as the Email Integration merges them.
  const address = sql<string>`lower(${deliveries.recipient})`;
  const addresses = db
    .select({ address })
    .from(deliveries)
    .where(ended)
    .groupBy(address)
    .having(sql`count(*) = sum(case when ${undelivered} then 1 else 0 end)`)
    .orderBy(address)
    .all();
  if (addresses.length === 0) return [];

  const rows = db
    .select({
      recipient: address,
      status: deliveries.status,
      lastError: deliveries.lastError,
      updatedAt: deliveries.updatedAt,
    })
    .from(deliveries)
    .where(
      and(
        ended,
        inArray(
          address,
          addresses.map((row) => row.address),
        ),
      ),
    )
    .orderBy(asc(deliveries.updatedAt), sql`${deliveries}.rowid`)
    .all();

  const flagged = new Map<string, FlaggedAddress>();
  for (const row of rows) {
    const entry = flagged.get(row.recipient) ?? {
      address: row.recipient,
      deliveries: 0,
      counts: [],
      lastStatus: row.status,
      lastReason: null,
      lastAt: row.updatedAt,
    };
    entry.deliveries += 1;
    const count = entry.counts.find((c) => c.status === row.status);
    if (count) count.count += 1;
    else entry.counts.push({ status: row.status, count: 1 });
    // Rows come oldest first, so the last one seen is the latest outcome.
    entry.lastStatus = row.status;
    entry.lastAt = row.updatedAt;
    entry.lastReason = row.lastError ?? entry.lastReason;
    flagged.set(row.recipient, entry);
  }
  return addresses.flatMap((row) => {
    const entry = flagged.get(row.address);
    if (!entry) return [];
    entry.counts.sort((a, b) => SUMMARY_ORDER.indexOf(a.status) - SUMMARY_ORDER.indexOf(b.status));
    return [entry];
  });
}

// ── The local mailbox ──────────────────────────────────────────────────────────

export type MailboxListRow = {
  id: string;
  createdAt: Date;
  to: string;
  subject: string;
};

/** Emails the local transport stored for the account, newest first. */
export function listMailbox(
  db: Executor,
  accountId: string,
  page: { before?: Cursor; limit?: number } = {},
): Page<MailboxListRow> {
  const limit = Math.min(Math.max(page.limit ?? PAGE_SIZE, 1), 200);
  const rows = db
    .select({
      id: mailboxMessages.id,
      createdAt: mailboxMessages.createdAt,
      to: mailboxMessages.to,
      subject: mailboxMessages.subject,
    })
    .from(mailboxMessages)
    .where(
      and(
        eq(mailboxMessages.accountId, accountId),
        olderThan(mailboxMessages.createdAt, mailboxMessages.id, page.before),
      ),
    )
    .orderBy(desc(mailboxMessages.createdAt), desc(mailboxMessages.id))
    .limit(limit + 1)
    .all();
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown,
    next: rows.length > limit && last ? { at: last.createdAt.getTime(), id: last.id } : null,
  };
}

/** One stored email of the account, with the notification it was sent for. */
export function mailboxMessage(db: Executor, accountId: string, messageId: string) {
  return (
    db
      .select({
        id: mailboxMessages.id,
        createdAt: mailboxMessages.createdAt,
        from: mailboxMessages.from,
        to: mailboxMessages.to,
        subject: mailboxMessages.subject,
        html: mailboxMessages.html,
        text: mailboxMessages.text,
        headers: mailboxMessages.headers,
        notificationId: deliveries.notificationId,
      })
      .from(mailboxMessages)
      .leftJoin(
        deliveries,
        and(
          eq(deliveries.id, mailboxMessages.deliveryId),
          eq(deliveries.accountId, mailboxMessages.accountId),
        ),
      )
      .where(and(eq(mailboxMessages.accountId, accountId), eq(mailboxMessages.id, messageId)))
      .get() ?? null
  );
}

export type MailboxMessageDetail = NonNullable<ReturnType<typeof mailboxMessage>>;
