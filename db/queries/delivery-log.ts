import { and, asc, desc, eq, inArray, like, sql } from "drizzle-orm";
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
 * clause: an id of another account's row simply matches nothing. The status counts and the
 * status filter read `notification_groups` (kept by triggers), never the deliveries of the
 * whole account, so a page costs the same at a million notifications as at a hundred.
 */

/** Each status filter is one group of `notification_groups`. */
const FILTER_GROUP: Record<Exclude<StatusFilter, "suppressed">, string> = {
  waiting: "waiting",
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

/** Per notification, how many of its deliveries are in each status. */
export function statusSummaries(db: Executor, accountId: string, ids: string[]) {
  const byNotification = new Map<string, StatusCount[]>();
  if (ids.length === 0) return byNotification;
  const rows = db
    .select({
      notificationId: notificationGroups.notificationId,
      group: notificationGroups.group,
      count: notificationGroups.count,
    })
    .from(notificationGroups)
    .where(
      and(
        inArray(notificationGroups.notificationId, ids),
        like(notificationGroups.group, "s:%"),
        // Unary + keeps SQLite on the primary key (notification_id first) for this lookup.
        sql`+${notificationGroups.accountId} = ${accountId}`,
      ),
    )
    .all();
  for (const row of rows) {
    const list = byNotification.get(row.notificationId) ?? [];
    list.push({ status: row.group.slice(2) as DeliveryStatus, count: row.count });
    byNotification.set(row.notificationId, list);
  }
  for (const list of byNotification.values()) sortStatusCounts(list);
  return byNotification;
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
        status === "suppressed" ? eq(notifications.state, "suppressed") : undefined,
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
