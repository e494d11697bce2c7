import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { type DeliveryStatus, deliveries, deliveryEvents } from "@/db/schema";
import type { EventStatus, NotificationType } from "@/lib/core/events";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptEvent, acceptTestSend } from "@/lib/intake/intake";
import type { TestAccount } from "./accounts";
import { e2eDb } from "./accounts";
import { setEmailSettings } from "./settings";

/**
 * Notifications for browser tests, created through the same intake the webhook route uses
 * (routing, rendering, one transaction). The app's dispatcher notices the committed work
 * from its own process and delivers it into the local mailbox.
 */

export type AcceptOptions = {
  type?: NotificationType;
  status?: EventStatus;
  /** Index into account.organizations; defaults to the first. */
  organization?: number;
  /** A title unique to the test, so its row can be found. */
  title?: string;
  eventId?: string;
};

export async function acceptTestEvent(account: TestAccount, options: AcceptOptions = {}) {
  const org = account.organizations[options.organization ?? 0];
  if (!org) throw new Error(`account ${account.slug} has no organization ${options.organization}`);
  const event = sampleEvent(options.type ?? "incident", options.status ?? "open", {
    id: org.externalId,
    name: org.name,
  });
  event.id = options.eventId ?? `evt_${randomUUID()}`;
  if (options.title) event.title = options.title;
  const result = await acceptEvent(
    intakeStoreFor(e2eDb()),
    { id: account.id, slug: account.slug },
    {
      event,
      payload: { ...event, vendor_field: "kept as received" },
      webhookId: `msg_${randomUUID()}`,
    },
  );
  if (result.status === "conflict") throw new Error(result.message);
  return { notificationId: result.notificationId, event, result };
}

export async function acceptPortalTestSend(account: TestAccount, title: string, to: string[]) {
  const event = sampleEvent("platform_action", "open", {
    id: account.organizations[0]?.externalId ?? "org",
    name: account.organizations[0]?.name ?? "Org",
  });
  event.title = title;
  const result = await acceptTestSend(
    intakeStoreFor(e2eDb()),
    { id: account.id, slug: account.slug },
    { event, recipients: to, organizationId: account.organizations[0]?.id ?? null },
  );
  if (result.status === "conflict") throw new Error(result.message);
  return result.notificationId;
}

export async function deliveryStatuses(notificationId: string): Promise<DeliveryStatus[]> {
  return (
    await e2eDb()
      .select({ status: deliveries.status })
      .from(deliveries)
      .where(eq(deliveries.notificationId, notificationId))
      .orderBy(asc(deliveries.recipient))
  ).map((row) => row.status);
}

/** A notification's deliveries, by recipient. */
export async function deliveriesOf(notificationId: string) {
  return await e2eDb()
    .select({ id: deliveries.id, recipient: deliveries.recipient, status: deliveries.status })
    .from(deliveries)
    .where(eq(deliveries.notificationId, notificationId))
    .orderBy(asc(deliveries.recipient));
}

/**
 * Ends one delivery the way a provider's report would: status, reason and a history entry.
 * Call it only once the dispatcher is done with the delivery, or it may overwrite this.
 */
export async function endDelivery(
  notificationId: string,
  recipient: string,
  status: Extract<DeliveryStatus, "failed" | "dead" | "bounced">,
  reason: string,
) {
  const db = e2eDb();
  const now = new Date();
  await db.transaction(async (tx) => {
    const row = await first(
      tx
        .update(deliveries)
        .set({ status, lastError: reason, updatedAt: now })
        .where(
          and(eq(deliveries.notificationId, notificationId), eq(deliveries.recipient, recipient)),
        )
        .returning({ id: deliveries.id }),
    );
    if (!row) throw new Error(`no delivery to ${recipient} on ${notificationId}`);
    await tx.insert(deliveryEvents).values({
      id: randomUUID(),
      deliveryId: row.id,
      status,
      detail: reason,
      source: "provider",
      occurredAt: now,
    });
  });
}

/** Turns off the 'resolved' emails of one type, as an admin would on the Email Integration. */
export async function disableResolvedMail(account: TestAccount, type: NotificationType) {
  await setEmailSettings(account.id, (settings) => {
    settings.types[type].resolved = false;
  });
}
