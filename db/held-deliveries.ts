import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "./client";
import { deliveries, notifications } from "./schema";

/**
 * Moves the held deliveries of an account that wait for `slot` with `heldFor` (what they
 * wait for, in words) to `now`: a maintenance window ended early releases its notifications,
 * and the digest scheduler sends them at once. Returns how many were released.
 */
export async function releaseHeld(
  db: Executor,
  input: { accountId: string; slot: number; heldFor: string; now: number },
): Promise<number> {
  const waiting = (
    await db
      .select({ id: deliveries.id })
      .from(deliveries)
      .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
      .where(
        and(
          // Literally 'held': the partial index deliveries_held_idx then applies.
          sql`${deliveries.status} = 'held'`,
          eq(deliveries.nextAttemptAt, new Date(input.slot)),
          eq(deliveries.accountId, input.accountId),
          eq(notifications.heldFor, input.heldFor),
        ),
      )
  ).map((row) => row.id);
  if (waiting.length === 0) return 0;
  return (
    await db
      .update(deliveries)
      .set({ nextAttemptAt: new Date(input.now), updatedAt: new Date() })
      .where(and(inArray(deliveries.id, waiting), sql`${deliveries.status} = 'held'`))
      .returning({ id: deliveries.id })
  ).length;
}
