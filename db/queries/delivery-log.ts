import { and, asc, count, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { jsonField, textSearchMatches, unindexed } from "@/db/dialect";
import { databaseEngine } from "@/db/engine";
import type { DeliveryStatus, StatusCount } from "@/lib/core/delivery-status";
import { sortStatusCounts } from "@/lib/core/delivery-status";
import type { LoggedType } from "@/lib/core/digest";
import type { EventStatus } from "@/lib/core/events";
import {
  type Cursor,
  type NotificationFilters,
  PAGE_SIZE,
  type Page,
  type StatusFilter,
  searchAddress,
} from "@/lib/core/log-filters";
import { type Executor, first } from "../client";
import { deliveries, deliveryEvents, notificationGroups, notifications } from "../schema";
import { olderThan, pageLimit } from "./paging";

const onPostgres = databaseEngine() === "postgres";

/**
 * The delivery log's read side. Every query takes the account id and puts it in its WHERE
 * clause: an id of another account's row simply matches nothing. The status filters read
 * `notification_groups` (kept by triggers) or the partial index of waiting deliveries, and a
 * page's counts its own deliveries, never the deliveries of the whole account, so a page
 * costs the same at a million notifications as at a hundred.
 */

/** Each status filter is one group of `notification_groups`. */
const FILTER_GROUP: Record<Exclude<StatusFilter, "suppressed" | "waiting">, string> = {
  held: "s:held",
  digested: "s:digested",
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
  eventId: string;
  title: string;
  host: string | null;
  type: LoggedType;
  eventStatus: EventStatus;
  severity: string | null;
  organizationId: string | null;
  organizationName: string;
  subject: string;
  state: "queued" | "suppressed";
  suppressedReason: string | null;
  /** What its held deliveries wait for, in words ("the 09:00 digest"). */
  heldFor: string | null;
  isTest: boolean;
  recipientCount: number;
  summary: StatusCount[];
};

const listColumns = {
  id: notifications.id,
  createdAt: notifications.createdAt,
  eventId: notifications.eventId,
  title: notifications.title,
  host: jsonField(notifications.payload, "host"),
  type: notifications.type,
  eventStatus: notifications.eventStatus,
  severity: notifications.severity,
  organizationId: notifications.organizationId,
  organizationName: notifications.organizationName,
  subject: notifications.subject,
  state: notifications.state,
  suppressedReason: notifications.suppressedReason,
  heldFor: notifications.heldFor,
  isTest: notifications.isTest,
  recipientCount: notifications.recipientCount,
};

/**
 * Per notification, how many of its deliveries are in each status: counted from the page's
 * own deliveries (by notification id, a bounded read), so the intake keeps no counts of the
 * statuses every delivery passes through.
 */
export async function statusSummaries(db: Executor, accountId: string, ids: string[]) {
  const byNotification = new Map<string, StatusCount[]>();
  if (ids.length === 0) return byNotification;
  const rows = await db
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
        eq(unindexed(deliveries.accountId), accountId),
      ),
    )
    .groupBy(deliveries.notificationId, deliveries.status);
  for (const row of rows) {
    const list = byNotification.get(row.notificationId) ?? [];
    list.push({ status: row.status, count: row.count });
    byNotification.set(row.notificationId, list);
  }
  for (const list of byNotification.values()) sortStatusCounts(list);
  return byNotification;
}

/** Searches read at most this many of the newest matches: a word in every alert stays cheap. */
export const SEARCH_MATCH_LIMIT = 5_000;

/**
 * The ids of the account's notifications that match the text: by the full-text index over
 * title, host, event id and organization (SQLite's FTS5 of migration 0006, PostgreSQL's
 * tsvector table of its migration 0001), or by the recipient's address.
 */
function searchMatches(accountId: string, q: string): SQL | undefined {
  const address = searchAddress(q);
  const parts: SQL[] = [];
  const matches = textSearchMatches(accountId, q, SEARCH_MATCH_LIMIT);
  if (matches) parts.push(matches);
  if (address) {
    parts.push(sql`select notification_id from (select ${deliveries.notificationId} as notification_id
      from ${deliveries} where ${deliveries.accountId} = ${accountId}
      and lower(${deliveries.recipient}) = ${address}
      order by ${deliveries.updatedAt} desc limit ${SEARCH_MATCH_LIMIT}) as by_address`);
  }
  return parts.length ? sql.join(parts, sql` union `) : undefined;
}

function range(column: SQLiteColumn, filters: NotificationFilters) {
  return [
    filters.from === undefined ? undefined : gte(column, new Date(filters.from)),
    filters.to === undefined ? undefined : lt(column, new Date(filters.to)),
  ];
}

/** The status filter as a condition on a notification (the search path's; PK lookups). */
function statusCondition(status: StatusFilter | undefined) {
  if (!status) return [];
  if (status === "suppressed") return [eq(notifications.state, "suppressed")];
  if (status === "waiting") {
    return [
      sql`exists (select 1 from ${deliveries} where ${deliveries.notificationId} = ${notifications.id} and ${deliveries.status} in ('queued', 'sending'))`,
    ];
  }
  return [
    sql`exists (select 1 from ${notificationGroups} where ${notificationGroups.notificationId} = ${notifications.id} and ${notificationGroups.group} = ${FILTER_GROUP[status]})`,
  ];
}

/**
 * Waiting notifications, newest first, from the partial index of waiting deliveries (as
 * small as the backlog). A delivery's created_at is its notification's.
 */
function waitingRows(
  db: Executor,
  accountId: string,
  common: (SQL | undefined)[],
  filters: NotificationFilters,
  before: Cursor | undefined,
  limit: number,
  columns: typeof listColumns,
  ordered: boolean,
) {
  return (
    db
      .select(columns)
      .from(deliveries)
      .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
      .where(
        and(
          eq(deliveries.accountId, accountId),
          // A literal, so SQLite can prove the partial index deliveries_waiting_idx applies.
          sql`${deliveries.status} in ('queued', 'sending')`,
          eq(notifications.accountId, accountId),
          ...common,
          ...range(deliveries.createdAt, filters),
          olderThan(deliveries.createdAt, deliveries.notificationId, before),
        ),
      )
      // PostgreSQL selects the notification's columns only when its key is grouped by; on SQLite
      // that extra term would change the plan query-plans.test.ts checks.
      .groupBy(
        deliveries.createdAt,
        deliveries.notificationId,
        ...(onPostgres ? [notifications.id] : []),
      )
      .orderBy(...newestFirst(ordered, deliveries.createdAt, deliveries.notificationId))
      .limit(limit + 1)
  );
}

function newestFirst(ordered: boolean, at: SQLiteColumn, id: SQLiteColumn) {
  return ordered ? [desc(at), desc(id)] : [];
}

/** The newest `limit + 1` notifications that match, as a query (run it, or count it in SQL). */
function filteredQuery(
  db: Executor,
  accountId: string,
  filters: NotificationFilters,
  before: Cursor | undefined,
  limit: number,
  columns: typeof listColumns = listColumns,
  // A count needs no order: which COUNT_CAP + 1 rows it reads changes nothing.
  ordered = true,
) {
  const common = [
    filters.type ? eq(notifications.type, filters.type) : undefined,
    filters.organizationId ? eq(notifications.organizationId, filters.organizationId) : undefined,
  ];
  const status = filters.status;
  const search = filters.q ? searchMatches(accountId, filters.q) : undefined;
  if (search) {
    return db
      .select(columns)
      .from(notifications)
      .where(
        and(
          sql`${notifications.id} in (${search})`,
          // Unary +: the matches drive the lookup (by primary key), not the account's index.
          eq(unindexed(notifications.accountId), accountId),
          ...common,
          ...statusCondition(status),
          ...range(notifications.createdAt, filters),
          olderThan(notifications.createdAt, notifications.id, before),
        ),
      )
      .orderBy(...newestFirst(ordered, notifications.createdAt, notifications.id))
      .limit(limit + 1);
  }
  if (status === "waiting") {
    return waitingRows(db, accountId, common, filters, before, limit, columns, ordered);
  }
  if (status && status !== "suppressed") {
    const inGroup = and(
      eq(notificationGroups.accountId, accountId),
      eq(notificationGroups.group, FILTER_GROUP[status]),
      ...range(notificationGroups.createdAt, filters),
      olderThan(notificationGroups.createdAt, notificationGroups.notificationId, before),
    );
    // A count without a type or organization filter reads the group's index entries alone.
    if (!ordered && !common.some(Boolean)) {
      return db
        .select(columns)
        .from(notificationGroups)
        .where(inGroup)
        .limit(limit + 1);
    }
    // Walk the filter's group newest first; the notification joins by primary key.
    return db
      .select(columns)
      .from(notificationGroups)
      .innerJoin(notifications, eq(notifications.id, notificationGroups.notificationId))
      .where(and(inGroup, eq(notifications.accountId, accountId), ...common))
      .orderBy(
        ...newestFirst(ordered, notificationGroups.createdAt, notificationGroups.notificationId),
      )
      .limit(limit + 1);
  }
  return db
    .select(columns)
    .from(notifications)
    .where(
      and(
        eq(notifications.accountId, accountId),
        // A literal, so SQLite can prove the partial index notifications_account_suppressed_idx applies.
        status === "suppressed" ? sql`${notifications.state} = 'suppressed'` : undefined,
        ...common,
        ...range(notifications.createdAt, filters),
        olderThan(notifications.createdAt, notifications.id, before),
      ),
    )
    .orderBy(...newestFirst(ordered, notifications.createdAt, notifications.id))
    .limit(limit + 1);
}

/** Counting stops here ("10,000 or more"), so a total costs at most this many index entries. */
export const COUNT_CAP = 10_000;

/** How many notifications match the filters, up to COUNT_CAP. */
export async function countNotifications(
  db: Executor,
  accountId: string,
  filters: NotificationFilters = {},
): Promise<{ count: number; capped: boolean }> {
  // Counted by SQLite over index entries: no row of the up to COUNT_CAP + 1 reaches JavaScript.
  const one = { one: sql<number>`1` } as unknown as typeof listColumns;
  const matches = filteredQuery(db, accountId, filters, undefined, COUNT_CAP, one, false);
  const n = (await first(db.select({ n: count() }).from(matches.as("matches")).limit(1)))?.n ?? 0;
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/** The ids of the newest `limit` notifications that match the filters (each event, unfolded). */
export async function matchingIds(
  db: Executor,
  accountId: string,
  filters: NotificationFilters,
  limit: number,
): Promise<string[]> {
  const ids = { id: notifications.id } as unknown as typeof listColumns;
  return (await filteredQuery(db, accountId, filters, undefined, limit, ids))
    .slice(0, limit)
    .map((row) => row.id);
}

/** Failed and dead deliveries of these notifications: what a bulk retry sends again. */
export async function failedDeliveries(db: Executor, accountId: string, notificationIds: string[]) {
  if (notificationIds.length === 0) return [];
  return await db
    .select({ id: deliveries.id, notificationId: deliveries.notificationId })
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.notificationId, notificationIds),
        // Unary +: by notification, not among every delivery of the account.
        eq(unindexed(deliveries.accountId), accountId),
        inArray(deliveries.status, ["failed", "dead"]),
      ),
    );
}

export type AlertEvent = {
  id: string;
  eventStatus: EventStatus;
  /** An update's `updated_at`, a reminder's `reminder:<n>`; "" for the open and resolved events. */
  followUpKey: string;
  createdAt: Date;
};

/**
 * Every event of the alerts these rows belong to (an alert: one type and event id, opened,
 * then perhaps resolved), oldest first, keyed by `alertKey`. Test sends have none.
 */
export async function alertHistories(
  db: Executor,
  accountId: string,
  rows: { type: LoggedType; eventId: string; isTest: boolean }[],
): Promise<Map<string, AlertEvent[]>> {
  const real = rows.filter((row) => !row.isTest);
  const byAlert = new Map<string, AlertEvent[]>();
  if (real.length === 0) return byAlert;
  const found = await db
    .select({
      id: notifications.id,
      type: notifications.type,
      eventId: notifications.eventId,
      eventStatus: notifications.eventStatus,
      followUpKey: notifications.followUpKey,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.accountId, accountId),
        // Literally is_test = 0: the partial unique index of alerts is then usable.
        sql`${notifications.isTest} = 0`,
        inArray(notifications.type, [...new Set(real.map((row) => row.type))]),
        inArray(notifications.eventId, [...new Set(real.map((row) => row.eventId))]),
      ),
    );
  for (const event of found) {
    const key = alertKey(event);
    const list = byAlert.get(key) ?? [];
    list.push({
      id: event.id,
      eventStatus: event.eventStatus,
      followUpKey: event.followUpKey,
      createdAt: event.createdAt,
    });
    byAlert.set(key, list);
  }
  for (const list of byAlert.values())
    list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return byAlert;
}

export function alertKey(row: { type: string; eventId: string }): string {
  return `${row.type}\u0000${row.eventId}`;
}

/**
 * The account's notifications, newest first, with each one's delivery counts by status and
 * its alert's events. Without a status filter the log shows one row per alert: an open event
 * whose resolution is also listed (on this page or a newer one; with a search, on this page)
 * is folded into that row.
 */
export async function listNotifications(
  db: Executor,
  accountId: string,
  filters: NotificationFilters = {},
  page: { before?: Cursor; limit?: number; fold?: boolean } = {},
): Promise<Page<NotificationListRow & { alert: AlertEvent[] }>> {
  const limit = pageLimit(page.limit, PAGE_SIZE);
  const rows = await filteredQuery(db, accountId, filters, page.before, limit);
  const shown = rows.slice(0, limit);
  const histories = await alertHistories(db, accountId, shown);
  const inRange = (at: Date) =>
    (filters.from === undefined || at.getTime() >= filters.from) &&
    (filters.to === undefined || at.getTime() < filters.to);
  const folded = (row: (typeof shown)[number]) =>
    page.fold !== false &&
    !filters.status &&
    row.eventStatus === "open" &&
    (histories.get(alertKey(row)) ?? []).some(
      (event) =>
        event.eventStatus === "resolved" &&
        inRange(event.createdAt) &&
        // A search may not match the resolution's words: fold only into a row that is listed.
        (!filters.q || shown.some((other) => other.id === event.id)),
    );
  const listed = shown.filter((row) => row.isTest || !folded(row));
  const counts = await statusSummaries(
    db,
    accountId,
    listed.map((row) => row.id),
  );
  const last = shown.at(-1);
  return {
    rows: listed.map((row) => ({
      ...row,
      summary: counts.get(row.id) ?? [],
      alert: row.isTest ? [] : (histories.get(alertKey(row)) ?? []),
    })),
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
  /** The digest a `digested` delivery went out in. */
  digestId: string | null;
  updatedAt: Date;
  events: DeliveryHistoryEntry[];
};

/** One notification of the account with every delivery and its history, oldest event first. */
export async function notificationDetail(db: Executor, accountId: string, notificationId: string) {
  const notification = await first(
    db
      .select()
      .from(notifications)
      .where(and(eq(notifications.accountId, accountId), eq(notifications.id, notificationId)))
      .limit(1),
  );
  if (!notification) return null;

  const rows = await db
    .select({
      id: deliveries.id,
      recipient: deliveries.recipient,
      status: deliveries.status,
      attempts: deliveries.attempts,
      lastError: deliveries.lastError,
      nextAttemptAt: deliveries.nextAttemptAt,
      providerMessageId: deliveries.providerMessageId,
      digestId: deliveries.digestId,
      channel: deliveries.channel,
      updatedAt: deliveries.updatedAt,
      createdAt: deliveries.createdAt,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.notificationId, notificationId),
        // Unary +: look deliveries up by notification, not by every delivery of the account.
        eq(unindexed(deliveries.accountId), accountId),
      ),
    )
    .orderBy(asc(deliveries.recipient));

  const events = rows.length
    ? await db
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
        // The id (a UUIDv7, made in order) breaks ties between events of one millisecond.
        .orderBy(asc(deliveryEvents.occurredAt), asc(deliveryEvents.id))
    : [];

  // Every history starts with the delivery being queued for the route's reason: implied by
  // the delivery and its notification, so the intake does not store it.
  const byDelivery = new Map<string, DeliveryHistoryEntry[]>(
    rows.map((row) => [
      row.id,
      [
        {
          id: `${row.id}:queued`,
          // Held at intake: its email deliveries waited for a digest from the start.
          status: notification.heldFor && row.channel === "email" ? "held" : "queued",
          detail: notification.routeReason,
          source: "dispatcher",
          occurredAt: row.createdAt,
        },
      ],
    ]),
  );
  for (const { deliveryId, ...event } of events) byDelivery.get(deliveryId)?.push(event);
  const withHistory: DeliveryWithHistory[] = rows.map(({ createdAt: _, channel: __, ...row }) => ({
    ...row,
    events: byDelivery.get(row.id) ?? [],
  }));
  return { notification, deliveries: withHistory };
}

export type NotificationDetail = NonNullable<Awaited<ReturnType<typeof notificationDetail>>>;

/** The notifications a digest carried, oldest first (by deliveries_digest_idx). */
export async function digestItems(db: Executor, accountId: string, digestId: string) {
  return await db
    .selectDistinct({
      id: notifications.id,
      title: notifications.title,
      subject: notifications.subject,
      severity: notifications.severity,
      organizationName: notifications.organizationName,
      createdAt: notifications.createdAt,
    })
    .from(deliveries)
    .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
    .where(
      and(
        eq(deliveries.digestId, digestId),
        eq(unindexed(deliveries.accountId), accountId),
        eq(notifications.accountId, accountId),
      ),
    )
    .orderBy(asc(notifications.createdAt));
}
