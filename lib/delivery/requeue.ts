import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type DeliveryStatus, deliveries, deliveryEvents } from "@/db/schema";
import { uuidv7 } from "@/lib/core/ids";
import { wakeDispatcher } from "./wake";

/** Deliveries an admin may send again: those that ended without reaching the inbox. */
export const RETRYABLE_STATUSES: readonly DeliveryStatus[] = ["failed", "dead", "bounced"];

/**
 * Queues failed deliveries of one notification again, for an admin's Retry. Scoped by
 * account: ids of another account's deliveries match nothing. Returns how many were queued.
 */
export function requeueDeliveries(
  db: Executor,
  input: { accountId: string; notificationId: string; deliveryIds?: string[]; actor: string },
): number {
  const now = new Date();
  const requeued = db.transaction((tx) => {
    const rows = tx
      .update(deliveries)
      .set({ status: "queued", nextAttemptAt: now, lastError: null, batchId: null, updatedAt: now })
      .where(
        and(
          eq(deliveries.notificationId, input.notificationId),
          // Unary +: find them by notification, not among every delivery of the account.
          sql`+${deliveries.accountId} = ${input.accountId}`,
          inArray(deliveries.status, [...RETRYABLE_STATUSES]),
          input.deliveryIds ? inArray(deliveries.id, input.deliveryIds) : undefined,
        ),
      )
      .returning({ id: deliveries.id })
      .all();
    for (const row of rows) {
      tx.insert(deliveryEvents)
        .values({
          id: uuidv7(),
          deliveryId: row.id,
          status: "queued",
          detail: `Retry requested by ${input.actor}`,
          source: "admin",
          occurredAt: now,
        })
        .run();
    }
    return rows.length;
  });
  if (requeued > 0) wakeDispatcher();
  return requeued;
}
