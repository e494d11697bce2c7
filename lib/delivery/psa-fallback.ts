import { and, eq, sql } from "drizzle-orm";
import { type Executor, first } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import {
  accounts,
  deliveries,
  dispatchState,
  integrations,
  memberships,
  notifications,
  users,
} from "@/db/schema";
import type { NotificationEvent } from "@/lib/core/events";
import { notificationHeaders } from "@/lib/core/headers";
import { uuidv7 } from "@/lib/core/ids";
import { readStoredPsaSettings } from "@/lib/core/psa";
import { routeNotification } from "@/lib/core/routing";
import { formatSubject } from "@/lib/core/subject";
import { recordEvents } from "./claims";
import { senderDomain } from "./sender";

/*
 * The Email Integration as the PSA's fallback. When a PSA delivery ends for good (refused,
 * or still failing at PSA_FALLBACK_AFTER_MS), the notification is emailed to the Email
 * Integration's usual recipients, in the same transaction that ends the PSA delivery: the
 * PSA is not tried again for it, so a late recovery makes no second copy. The unique
 * (notification, recipient) index makes it a no-op for addresses already emailed ("as well").
 */

export const FALLBACK_DETAIL = "PSA failed, sent by email instead";

/** How often, at most, the admins hear that the PSA keeps failing. */
export const NOTICE_INTERVAL_MS = 60 * 60_000;

export async function fallBackToEmail(
  tx: Executor,
  deliveryIds: string[],
  error: string,
  at: Date,
) {
  for (const deliveryId of deliveryIds) {
    const row = await first(
      tx
        .select({
          channel: deliveries.channel,
          accountId: deliveries.accountId,
          notificationId: deliveries.notificationId,
          type: notifications.type,
          eventStatus: notifications.eventStatus,
          severity: notifications.severity,
          organizationId: notifications.organizationId,
          organizationName: notifications.organizationName,
          isTest: notifications.isTest,
        })
        .from(deliveries)
        .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
        .where(eq(deliveries.id, deliveryId))
        .limit(1),
    );
    // A test ticket's failure is shown to the admin who sent it; nobody else is emailed.
    if (!row || row.channel === "email" || row.isTest || row.type === "digest") continue;
    const route = routeNotification((await emailIntegration(tx, row.accountId)).settings, {
      type: row.type,
      status: row.eventStatus,
      severity: row.severity,
      organizationId: row.organizationId,
      organizationName: row.organizationName,
    });
    const recipients = route.suppressed ? [] : route.recipients;
    const inserted =
      recipients.length === 0
        ? []
        : (
            await tx
              .insert(deliveries)
              .values(
                recipients.map((recipient) => ({
                  id: uuidv7(),
                  accountId: row.accountId,
                  notificationId: row.notificationId,
                  recipient,
                  channel: "email" as const,
                  nextAttemptAt: at,
                  createdAt: at,
                  updatedAt: at,
                })),
              )
              .onConflictDoNothing()
              .returning({ id: deliveries.id })
          ).map((delivery) => delivery.id);
    // Besides the implied "queued" entry with the route's reason, the why of this one.
    await recordEvents(tx, inserted, "queued", `${FALLBACK_DETAIL}: ${error}`, at);
    if (inserted.length > 0) {
      await tx
        .update(notifications)
        .set({ recipientCount: sql`${notifications.recipientCount} + ${inserted.length}` })
        .where(eq(notifications.id, row.notificationId));
    }
    const status = (
      await first(
        tx
          .select({ status: deliveries.status })
          .from(deliveries)
          .where(eq(deliveries.id, deliveryId))
          .limit(1),
      )
    )?.status;
    await recordEvents(
      tx,
      [deliveryId],
      status ?? "failed",
      inserted.length > 0
        ? `${FALLBACK_DETAIL} to ${inserted.length} ${inserted.length === 1 ? "recipient" : "recipients"} of the Email Integration`
        : route.suppressed
          ? `Not emailed instead: ${route.reason}`
          : "Not emailed instead: every Email Integration recipient already has this notification",
      at,
    );
    await noticeAdmins(tx, row.accountId, error, at);
  }
}

/**
 * The Platform Action notice to the account's admins, at most once per NOTICE_INTERVAL_MS
 * per account while the PSA keeps failing. Written straight into the outbox (rendered and
 * sent by the dispatcher like any email), to the admins rather than through the routing,
 * so neither a PSA covering Platform Actions nor an override can keep it from them.
 */
async function noticeAdmins(tx: Executor, accountId: string, error: string, at: Date) {
  const key = `psa-failing-notice:${accountId}`;
  const last = await first(
    tx.select().from(dispatchState).where(eq(dispatchState.key, key)).limit(1),
  );
  if (last && at.getTime() - Number(last.value) < NOTICE_INTERVAL_MS) return;
  await tx
    .insert(dispatchState)
    .values({ key, value: String(at.getTime()) })
    .onConflictDoUpdate({
      target: dispatchState.key,
      set: { value: String(at.getTime()), updatedAt: at },
    });

  const account = await first(
    tx.select().from(accounts).where(eq(accounts.id, accountId)).limit(1),
  );
  const psa = await first(
    tx
      .select({ settings: integrations.settings })
      .from(integrations)
      .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "psa")))
      .limit(1),
  );
  const admins = (
    await tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "admin")))
  ).map((admin) => admin.email.toLowerCase());
  if (!account || admins.length === 0) return;
  const name = psa ? readStoredPsaSettings(psa.settings).name : "PSA";
  const id = uuidv7();
  const event: NotificationEvent = {
    id: `psa-failing-${at.getTime()}`,
    type: "platform_action",
    status: "open",
    organization: { id: `account-${account.slug}`, name: account.name },
    occurred_at: at.toISOString(),
    title: "PSA delivery is failing: reconfigure it",
    summary: `Beacon could not deliver tickets to the PSA integration "${name}" and sent them by email instead. The PSA's last error: ${error.slice(0, 1000)}. Check its endpoint or address on the Integrations page, then use Send test ticket.`,
    action: "psa_delivery_failing",
    actor: "Beacon",
    target: name.slice(0, 255),
  };
  await tx
    .insert(notifications)
    .values({
      id,
      accountId,
      organizationId: null,
      organizationName: account.name,
      eventId: event.id,
      type: event.type,
      eventStatus: "open",
      severity: null,
      title: event.title,
      state: "queued",
      routeReason: "Account Admins: the PSA integration keeps failing",
      payload: event,
      subject: formatSubject(event),
      html: "",
      text: "",
      headers: notificationHeaders(event, {
        accountId,
        notificationId: id,
        fromDomain: senderDomain(),
      }),
      recipientCount: admins.length,
      createdAt: at,
    })
    .onConflictDoNothing();
  // Their first history entry ("queued", with the route reason above) is implied, as the
  // intake's are (db/queries/delivery-log.ts).
  await tx
    .insert(deliveries)
    .values(
      admins.map((recipient) => ({
        id: uuidv7(),
        accountId,
        notificationId: id,
        recipient,
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .onConflictDoNothing();
}
