import { eq } from "drizzle-orm";
import { type DB, type Executor, first } from "@/db/client";
import { forUpdate } from "@/db/row-locks";
import { deliveries, deliveryEvents } from "@/db/schema";
import { lockingTransaction } from "@/db/transactions";
import { type DeliveryStatus, STATUS_RANK } from "@/lib/core/delivery-status";
import { uuidv7 } from "@/lib/core/ids";
import type { ProviderEvent } from "./transport";

export type RecordOutcome =
  | { result: "recorded"; deliveryId: string; status: DeliveryStatus; changed: boolean }
  | { result: "duplicate"; deliveryId: string }
  | { result: "unmatched" }
  | { result: "ignored"; type: string };

/** What a provider event needs of its delivery. */
const deliveryColumns = {
  id: deliveries.id,
  status: deliveries.status,
  providerMessageId: deliveries.providerMessageId,
};

async function findDelivery(tx: Pick<Executor, "select">, event: ProviderEvent) {
  const byProviderId = await first(
    forUpdate(
      tx
        .select(deliveryColumns)
        .from(deliveries)
        .where(eq(deliveries.providerMessageId, event.providerMessageId))
        .limit(1),
    ),
  );
  if (byProviderId) return byProviderId;
  // A delivery whose provider id was never stored (an answer lost in a crash) is still found
  // by the delivery id the transport put in the email, when the provider echoes it.
  if (!event.deliveryId) return undefined;
  const byHeader = await first(
    forUpdate(
      tx
        .select(deliveryColumns)
        .from(deliveries)
        .where(eq(deliveries.id, event.deliveryId))
        .limit(1),
    ),
  );
  // Only a delivery with no provider id yet, or this one (stored by a settle this lookup
  // waited for), may be found this way.
  return byHeader &&
    (byHeader.providerMessageId === null || byHeader.providerMessageId === event.providerMessageId)
    ? byHeader
    : undefined;
}

/**
 * Records one verified provider event against its delivery, in one transaction: the event
 * goes into the delivery's history once (the svix-id is unique, so a replay is a no-op)
 * and the delivery's status moves forward only.
 */
export async function recordProviderEvent(db: DB, event: ProviderEvent): Promise<RecordOutcome> {
  const { status, detail } = event;
  if (status === null) return { result: "ignored", type: event.kind };

  // The delivery is locked as it is read: a dispatcher in another process cannot change its
  // status between this read and this write.
  return lockingTransaction(db, async (tx) => {
    const delivery = await findDelivery(tx, event);
    if (!delivery) return { result: "unmatched" } as const;
    const inserted = await tx
      .insert(deliveryEvents)
      .values({
        id: uuidv7(),
        deliveryId: delivery.id,
        status: event.kind,
        detail,
        source: "provider",
        providerEventId: event.providerEventId,
        occurredAt: event.occurredAt,
      })
      .onConflictDoNothing({ target: deliveryEvents.providerEventId })
      .returning({ id: deliveryEvents.id });
    if (inserted.length === 0) return { result: "duplicate", deliveryId: delivery.id } as const;

    const forward = STATUS_RANK[status] > STATUS_RANK[delivery.status];
    const final = status === "bounced" || status === "complained" || status === "failed";
    if (forward || delivery.providerMessageId === null) {
      await tx
        .update(deliveries)
        .set({
          ...(forward ? { status } : {}),
          ...(forward && final ? { lastError: detail } : {}),
          providerMessageId: delivery.providerMessageId ?? event.providerMessageId,
          updatedAt: new Date(),
        })
        .where(eq(deliveries.id, delivery.id));
    }
    return {
      result: "recorded",
      deliveryId: delivery.id,
      status: forward ? status : delivery.status,
      changed: forward,
    } as const;
  });
}
