import { and, count, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import { DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/core/delivery-status";
import { NOTIFICATION_TYPES, type NotificationType } from "@/lib/core/events";
import { type Executor, first } from "../client";
import { deliveries, hourlyCounts, inboundRefusals, notifications } from "../schema";

/*
 * The Overview's read side: counters and per-hour series from `hourly_counts` (kept by
 * triggers, migration 0006), so 7 days cost at most 168 rows per metric whatever the
 * number of notifications, and the last accepted and refused webhook by index.
 */

export const HOUR_MS = 3_600_000;

export type HourBucket = {
  /** The hour's first millisecond (UTC). */
  hour: number;
  received: number;
  suppressed: number;
  byType: Record<NotificationType, number>;
  /**
   * Settled statuses, kept per hour by triggers. Queued and sending change too often for
   * that: they are counted live, together, in `waiting`.
   */
  byStatus: Record<DeliveryStatus, number>;
  /** Deliveries still queued or sending, of the hour's notifications. */
  waiting: number;
};

function emptyBucket(hour: number): HourBucket {
  return {
    hour,
    received: 0,
    suppressed: 0,
    waiting: 0,
    byType: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, 0])) as HourBucket["byType"],
    byStatus: Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as HourBucket["byStatus"],
  };
}

/**
 * Deliveries still waiting (queued or sending) per hour of their notification: counted on the
 * partial index that holds only waiting deliveries (as small as the backlog, not the history),
 * less those of test sends, found from the test sends' own partial index.
 */
async function waitingByHour(
  db: Executor,
  accountId: string,
  first: number,
): Promise<Map<number, number>> {
  // The hour as literals, not parameters: PostgreSQL groups by an expression only when the
  // grouped one is the same text.
  const ms = sql.raw(String(HOUR_MS));
  const hour = sql<number>`cast(${deliveries.createdAt} / ${ms} as bigint) * ${ms}`;
  const waiting = sql`${deliveries.status} in ('queued', 'sending')`; // a literal: the partial index
  const all = await db
    .select({ hour, count: count() })
    .from(deliveries)
    .where(
      and(eq(deliveries.accountId, accountId), waiting, gte(deliveries.createdAt, new Date(first))),
    )
    .groupBy(hour);
  const tests = await db
    .select({ hour, count: count() })
    .from(notifications)
    .innerJoin(deliveries, eq(deliveries.notificationId, notifications.id))
    .where(
      and(
        eq(notifications.accountId, accountId),
        sql`${notifications.isTest} = 1`, // a literal: the partial index of test sends
        gte(notifications.createdAt, new Date(first)),
        waiting,
      ),
    )
    .groupBy(hour);
  const byHour = new Map(all.map((row) => [row.hour, row.count]));
  for (const row of tests) byHour.set(row.hour, (byHour.get(row.hour) ?? 0) - row.count);
  return byHour;
}

/** One bucket per hour, oldest first, for the `hours` hours ending with the current one. */
export async function hourlySeries(
  db: Executor,
  accountId: string,
  hours: number,
  now = Date.now(),
): Promise<HourBucket[]> {
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  const first = current - (hours - 1) * HOUR_MS;
  const buckets = Array.from({ length: hours }, (_, i) => emptyBucket(first + i * HOUR_MS));
  const rows = await db
    .select({ hour: hourlyCounts.hour, metric: hourlyCounts.metric, count: hourlyCounts.count })
    .from(hourlyCounts)
    .where(and(eq(hourlyCounts.accountId, accountId), gte(hourlyCounts.hour, first)));
  for (const [hour, count] of await waitingByHour(db, accountId, first)) {
    const bucket = buckets[(hour - first) / HOUR_MS];
    if (bucket && count > 0) bucket.waiting += count;
  }
  for (const row of rows) {
    const bucket = buckets[(row.hour - first) / HOUR_MS];
    if (!bucket || row.count <= 0) continue;
    if (row.metric === "received") bucket.received += row.count;
    else if (row.metric === "suppressed") bucket.suppressed += row.count;
    else if (row.metric.startsWith("t:")) {
      const type = row.metric.slice(2) as NotificationType;
      if (type in bucket.byType) bucket.byType[type] += row.count;
    } else if (row.metric.startsWith("s:")) {
      const status = row.metric.slice(2) as DeliveryStatus;
      if (status in bucket.byStatus) bucket.byStatus[status] += row.count;
    }
  }
  return buckets;
}

export type OverviewCounters = {
  /** Alerts received (test sends aside). */
  received: number;
  /** Emails delivered, and emails that failed, died, bounced or drew a complaint. */
  delivered: number;
  failedOrDead: number;
  /** Alerts accepted but not emailed (e.g. a resolved event whose mail is off). */
  suppressed: number;
};

export function countersOf(buckets: HourBucket[]): OverviewCounters {
  const totals = { received: 0, delivered: 0, failedOrDead: 0, suppressed: 0 };
  for (const b of buckets) {
    totals.received += b.received;
    totals.suppressed += b.suppressed;
    totals.delivered += b.byStatus.delivered;
    totals.failedOrDead +=
      b.byStatus.failed + b.byStatus.dead + b.byStatus.bounced + b.byStatus.complained;
  }
  return totals;
}

/** When the account's webhook last accepted an event, and last refused a request. */
export async function lastWebhooks(db: Executor, accountId: string) {
  const accepted = await first(
    db
      .select({ at: notifications.createdAt })
      .from(notifications)
      .where(and(eq(notifications.accountId, accountId), isNotNull(notifications.webhookId)))
      .orderBy(desc(notifications.createdAt))
      .limit(1),
  );
  const refused = await first(
    db
      .select({ at: inboundRefusals.createdAt, status: inboundRefusals.status })
      .from(inboundRefusals)
      .where(eq(inboundRefusals.accountId, accountId))
      .orderBy(desc(inboundRefusals.createdAt))
      .limit(1),
  );
  return { accepted: accepted?.at ?? null, refused: refused ?? null };
}
