import { and, desc, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import type { DeliveryStatus, StatusCount } from "@/lib/core/delivery-status";
import { sortStatusCounts } from "@/lib/core/delivery-status";
import { STATUS_FILTERS, UNDELIVERED_STATUSES } from "@/lib/core/log-filters";
import { type Executor, first } from "../client";
import { deliveries, recipientStatusCounts } from "../schema";

export type FlaggedAddress = {
  address: string;
  /** How many deliveries to it ended, every one of them undelivered. */
  deliveries: number;
  counts: StatusCount[];
  lastStatus: DeliveryStatus;
  lastReason: string | null;
  lastAt: Date;
};

const WAITING: readonly DeliveryStatus[] = STATUS_FILTERS.waiting;
const UNDELIVERED: readonly DeliveryStatus[] = UNDELIVERED_STATUSES;

/**
 * Addresses of the account whose every delivery that has ended, ended undelivered (failed,
 * dead, bounced or complained): none ever reached the inbox, so the address is probably
 * wrong or gone. Deliveries still queued or sending have not ended and are left out, so an
 * admin's retry does not hide the flag before its outcome is known. Reads the per-address
 * counts kept by triggers, then one index lookup per flagged address for its last outcome.
 */
export async function flaggedAddresses(db: Executor, accountId: string): Promise<FlaggedAddress[]> {
  const counts = await db
    .select()
    .from(recipientStatusCounts)
    .where(eq(recipientStatusCounts.accountId, accountId));
  const byAddress = new Map<string, StatusCount[]>();
  for (const row of counts) {
    if (WAITING.includes(row.status) || row.count <= 0) continue;
    const list = byAddress.get(row.address) ?? [];
    list.push({ status: row.status, count: row.count });
    byAddress.set(row.address, list);
  }
  const address = sql<string>`lower(${deliveries.recipient})`;
  const ended = (value: string) =>
    and(
      eq(deliveries.accountId, accountId),
      eq(address, value),
      notInArray(deliveries.status, [...WAITING]),
    );
  const flagged = [...byAddress.entries()]
    // A PSA webhook is no address; its failures have the PSA's banner instead.
    .filter(([value]) => !value.startsWith("psa-webhook:"))
    .filter(([, list]) => list.every((count) => UNDELIVERED.includes(count.status)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const found: FlaggedAddress[] = [];
  for (const [value, list] of flagged) {
    const last = await first(
      db
        .select({ status: deliveries.status, updatedAt: deliveries.updatedAt })
        .from(deliveries)
        .where(ended(value))
        .orderBy(desc(deliveries.updatedAt))
        .limit(1),
    );
    if (!last) continue;
    const reason = await first(
      db
        .select({ lastError: deliveries.lastError })
        .from(deliveries)
        .where(and(ended(value), isNotNull(deliveries.lastError)))
        .orderBy(desc(deliveries.updatedAt))
        .limit(1),
    );
    found.push({
      address: value,
      deliveries: list.reduce((sum, count) => sum + count.count, 0),
      counts: sortStatusCounts(list),
      lastStatus: last.status,
      lastReason: reason?.lastError ?? null,
      lastAt: last.updatedAt,
    });
  }
  return found;
}
