import type { NotificationEvent } from "@/lib/core/events";
import { uuidv7 } from "@/lib/core/ids";
import { routeNotification } from "@/lib/core/routing";
import { holdOf, notificationRow, type RowContext } from "./notification-row";
import type { IntakeAccount, IntakeUnit } from "./ports";

/**
 * Beacon's own follow-up of an alert still open: the alert's open event again, as reminder
 * `number`, to the addresses its open notification was emailed to, through the same insert
 * as every accepted event (so rendering, the outbox and the delivery log treat it alike).
 * Called by the reminder schedule inside the write transaction that advances the reminder.
 * Resolves to the new notification's id, or null when it was not inserted (a twin exists, or
 * the original has nobody to remind).
 */
export async function insertReminder(
  unit: IntakeUnit,
  account: IntakeAccount,
  input: { event: NotificationEvent; payloadJson: string; number: number },
  ctx: RowContext = {},
): Promise<string | null> {
  const original = await unit.original(account.id, input.event.type, input.event.id);
  if (original?.state !== "queued" || original.emailRecipients.length === 0) {
    return null;
  }
  // The recipients are the original's; the timing is today's (a digest, a window that is on).
  const route = routeNotification(await unit.settings(account.id), {
    type: input.event.type,
    status: input.event.status,
    severity: input.event.severity ?? null,
    organizationId: original.organizationId,
    organizationName: input.event.organization.name,
  });
  const row = notificationRow(account, input.event, ctx, {
    id: uuidv7(),
    followsId: original.id,
    originalSeen: true,
    reminder: input.number,
    organizationId: original.organizationId,
    isTest: false,
    payloadJson: input.payloadJson,
    webhookId: null,
    webhookIndex: -1,
    bodyHash: null,
    state: "queued",
    suppressedReason: null,
    routeReason: `Reminder ${input.number}: recipients of the original notification`,
    recipients: original.emailRecipients,
    hold: route.suppressed ? null : holdOf(route.timing),
  });
  return (await unit.insert(row)) ? row.id : null;
}
