import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { DeliveryStatus, StatusCount } from "@/lib/core/delivery-status";
import { sortStatusCounts } from "@/lib/core/delivery-status";
import type { NotificationType } from "@/lib/core/events";
import {
  type Cursor,
  type NotificationFilters,
  PAGE_SIZE,
  type Page,
  type StatusFilter,
} from "@/lib/core/log-filters";
import type { Executor } from "../client";
import { deliveries, deliveryEvents, notificationGroups, notifications } from "../schema";
import { olderThan, pageLimit } from "./paging";

/**
 * The delivery log's read side. Every query takes the account id and puts it in its WHERE
 * clause: an id of another account's row simply matches nothing. The status filters read
 * `notification_groups` (kept by triggers) or the partial index of waiting deliveries, and a
 * page's counts its own deliveries, never the deliveries of the whole account, so a page
 * costs the same at a million notifications as at a hundred.
 */

/** Each status filter is one group of `notification_groups`. */
const FILTER_GROUP: Record<Exclude<StatusFilter, "suppressed" | "waiting">, string> = {
  sent: "sent",
  delivered: "s:delivered",
  undelivered: "undelivered",
  failed: "s:failed",
  dead: "s:dead",
  bounced: "s:bounced",
  complained: "s:complained",
};

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

const listColumns = {
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
};

/**
 * Per notification, how many of its deliveries are in each status: counted from the page's
 * own deliveries (by notification id, a bounded read), so the intake keeps no counts of the
 * statuses every delivery passes through.
 */
export function statusSummaries(db: Executor, accountId: string, ids: string[]) {
  const byNotification = new Map<string, StatusCount[]>();
  if (ids.length === 0) return byNotification;
  const rows = db
    .select({
      notificationId: deliveries.notificationId,
      status: deliveries.status,
      count: count(),
    })
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.notificationId, ids),
        // Unary +: look deliveries up by notification, not by every delivery of the account.
        sql`+${deliveries.accountId} = ${accountId}`,
      ),
    )
    .groupBy(deliveries.notificationId, deliveries.status)
    .all();
  for (const row of rows) {
    const list = byNotification.get(row.notificationId) ?? [];
    list.push({ status: row.status, count: row.count });
    byNotification.set(row.notificationId, list);
  }
  for (const list of byNotification.values()) sortStatusCounts(list);
  return byNotification;
}

/**
 * Waiting notifications, newest first, from the partial index of waiting deliveries (as
 * small as the backlog). A delivery's created_at is its notification's.
 */
function waitingRows(
  db: Executor,
  accountId: string,
  common: (SQL | undefined)[],
  before: Cursor | undefined,
  limit: number,
) {
  return db
    .select(listColumns)
    .from(deliveries)
    .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
    .where(
      and(
        eq(deliveries.accountId, accountId),
        // A literal, so SQLite can prove the partial index deliveries_waiting_idx applies.
        sql`${deliveries.status} in ('queued', 'sending')`,
        eq(notifications.accountId, accountId),
        ...common,
        olderThan(deliveries.createdAt, deliveries.notificationId, before),
      ),
    )
    .groupBy(deliveries.createdAt, deliveries.notificationId)
    .orderBy(desc(deliveries.createdAt), desc(deliveries.notificationId))
    .limit(limit + 1)
    .all();
}

function filteredRows(
  db: Executor,
  accountId: string,
  filters: NotificationFilters,
  before: Cursor | undefined,
  limit: number,
) {
  const common = [
    filters.type ? eq(notifications.type, filters.type) : undefined,
    filters.organizationId ? eq(notifications.organizationId, filters.organizationId) : undefined,
  ];
  const status = filters.status;
  if (status === "waiting") return waitingRows(db, accountId, common, before, limit);
  if (status && status !== "suppressed") {
    // Walk the filter's group newest first; the notification joins by primary key.
    return db
      .select(listColumns)
      .from(notificationGroups)
      .innerJoin(notifications, eq(notifications.id, notificationGroups.notificationId))
      .where(
        and(
          eq(notificationGroups.accountId, accountId),
          eq(notificationGroups.group, FILTER_GROUP[status]),
          eq(notifications.accountId, accountId),
          ...common,
          olderThan(notificationGroups.createdAt, notificationGroups.notificationId, before),
        ),
      )
      .orderBy(desc(notificationGroups.createdAt), desc(notificationGroups.notificationId))
      .limit(limit + 1)
      .all();
  }
  return db
    .select(listColumns)
    .from(notifications)
    .where(
      and(
        eq(notifications.accountId, accountId),
        // A literal, so SQLite can prove the partial index notifications_account_suppressed_idx applies.
        status === "suppressed" ? sql`${notifications.state} = 'suppressed'` : undefined,
        ...common,
        olderThan(notifications.createdAt, notifications.id, before),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1)
    .all();
}

/** The account's notifications, newest first, with each one's delivery counts by status. */
export function listNotifications(
  db: Executor,
  accountId: string,
  filters: NotificationFilters = {},
  page: { before?: Cursor; limit?: number } = {},
): Page<NotificationListRow> {
  const limit = pageLimit(page.limit, PAGE_SIZE);
  const rows = filteredRows(db, accountId, filters, page.before, limit);
  const shown = rows.slice(0, limit);
  const counts = statusSummaries(
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
      createdAt: deliveries.createdAt,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.notificationId, notificationId),
        // Unary +: look deliveries up by notification, not by every delivery of the account.
        sql`+${deliveries.accountId} = ${accountId}`,
      ),
    )
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

  // Every history starts with the delivery being queued for the route's reason: implied by
  // the delivery and its notification, so the intake does not store it.
  const byDelivery = new Map<string, DeliveryHistoryEntry[]>(
    rows.map((row) => [
      row.id,
      [
        {
          id: `${row.id}:queued`,
          status: "queued",
          detail: notification.routeReason,
          source: "dispatcher",
          occurredAt: row.createdAt,
        },
      ],
    ]),
  );
  for (const { deliveryId, ...event } of events) byDelivery.get(deliveryId)?.push(event);
  const withHistory: DeliveryWithHistory[] = rows.map(({ createdAt: _, ...row }) => ({
    ...row,
    events: byDelivery.get(row.id) ?? [],
  }));
  return { notification, deliveries: withHistory };
}

export type NotificationDetail = NonNullable<ReturnType<typeof notificationDetail>>;
