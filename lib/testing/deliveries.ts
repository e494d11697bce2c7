import type { Executor } from "@/db/client";
import * as schema from "@/db/schema";

/**
 * One delivery of one notification of one account, the least the delivery-event tests need.
 * The account and notification are shared by every delivery seeded into the same database.
 */
export async function seedDelivery(
  db: Executor,
  delivery: {
    id: string;
    status?: schema.DeliveryStatus;
    providerMessageId?: string | null;
    recipient?: string;
  },
) {
  await db
    .insert(schema.accounts)
    .values({ id: "acc", name: "Demo", slug: "demo" })
    .onConflictDoNothing();
  await db
    .insert(schema.notifications)
    .values({
      id: "n1",
      accountId: "acc",
      organizationName: "Acme Dental",
      eventId: "evt-1",
      type: "incident",
      eventStatus: "open",
      title: "Ransomware",
      state: "queued",
      payload: {},
      subject: "s",
      html: "<p>h</p>",
      text: "t",
      headers: {},
      recipientCount: 1,
    })
    .onConflictDoNothing();
  await db.insert(schema.deliveries).values({
    id: delivery.id,
    accountId: "acc",
    notificationId: "n1",
    recipient: delivery.recipient ?? `${delivery.id}@example.com`,
    status: delivery.status ?? "sent",
    nextAttemptAt: new Date(),
    providerMessageId:
      delivery.providerMessageId === undefined ? `re-${delivery.id}` : delivery.providerMessageId,
  });
}
