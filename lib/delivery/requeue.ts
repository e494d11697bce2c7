import { and, eq, inArray, not, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { unindexed } from "@/db/dialect";
import { deliveries, deliveryEvents } from "@/db/schema";
import { PERMANENT_BOUNCE_PREFIX, RETRYABLE_STATUSES } from "@/lib/core/delivery-status";
import { uuidv7 } from "@/lib/core/ids";
import { wakeDispatcher } from "./wake";

export { RETRYABLE_STATUSES };

/**
 * Queues failed deliveries of one notification again, for an admin's Retry. Scoped by
 * account: ids of another account's deliveries match nothing. Resolves to how many were queued.
 */
export async function requeueDeliveries(
  db: Executor,
  input: { accountId: string; notificationId: string; deliveryIds?: string[]; actor: string },
): Promise<number> {
  const now = new Date();
  const requeued = await db.transaction(async (tx) => {
    const rows = await tx
      .update(deliveries)
      .set({ status: "queued", nextAttemptAt: now, lastError: null, batchId: null, updatedAt: now })
      .where(
        and(
          eq(deliveries.notificationId, input.notificationId),
          // Unary +: find them by notification, not among every delivery of the account.
          eq(unindexed(deliveries.accountId), input.accountId),
          inArray(deliveries.status, [...RETRYABLE_STATUSES]),
          // A permanent bounce would only bounce again (see isPermanentBounce).
          not(
            and(
              eq(deliveries.status, "bounced"),
              sql`coalesce(${deliveries.lastError}, '') like ${`${PERMANENT_BOUNCE_PREFIX}%`}`,
            )!,
          ),
          input.deliveryIds ? inArray(deliveries.id, input.deliveryIds) : undefined,
        ),
      )
      .returning({ id: deliveries.id });
    for (const row of rows) {
      await tx.insert(deliveryEvents).values({
        id: uuidv7(),
        deliveryId: row.id,
        status: "queued",
        detail: `Retry requested by ${input.actor}`,
        source: "admin",
        occurredAt: now,
      });
    }
    return rows.length;
  });
  if (requeued > 0) wakeDispatcher();
  return requeued;
}
