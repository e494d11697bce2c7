import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { deliveries, deliveryEvents, type Notification, notifications } from "@/db/schema";
import { upsertOrganization } from "@/lib/accounts/organizations";
import { ensureEmailIntegration } from "@/lib/accounts/provision";
import type { NotificationEvent } from "@/lib/core/events";
import { routeNotification } from "@/lib/core/routing";
import { senderDomain } from "@/lib/delivery/sender";
import { wakeDispatcher } from "@/lib/delivery/wake";
import { renderNotification } from "@/lib/render/render";

/**
 * The one path from a validated event to committed deliveries, shared by the webhook, the
 * batch webhook and the portal's test send: idempotency, organization, routing, rendering
 * (once per notification), then one transaction.
 */

export type IntakeAccount = { id: string; slug: string };

export type IntakeResult =
  | { status: "queued"; notificationId: string; recipients: number; duplicate: boolean }
  | { status: "suppressed"; notificationId: string; reason: string; duplicate: boolean }
  | { status: "conflict"; message: string };

export type IntakeInput = {
  event: NotificationEvent;
  /** The event as received, unknown fields included; kept with the notification. */
  payload: Record<string, unknown>;
  /** The caller's webhook-id (per event in a batch) and a hash of what it signed. */
  webhookId: string | null;
  bodyHash: string;
};

function answerOf(row: Notification, duplicate: boolean): IntakeResult {
  return row.state === "suppressed"
    ? {
        status: "suppressed",
        notificationId: row.id,
        reason: row.suppressedReason ?? "",
        duplicate,
      }
    : { status: "queued", notificationId: row.id, recipients: row.recipientCount, duplicate };
}

/** A repeat of an accepted event gets the first answer; the same key with another body is refused. */
function previousAnswer(db: Executor, account: IntakeAccount, input: IntakeInput) {
  const byWebhook = input.webhookId
    ? db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.accountId, account.id),
            eq(notifications.webhookId, input.webhookId),
          ),
        )
        .get()
    : undefined;
  const byEvent =
    byWebhook ??
    db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.accountId, account.id),
          eq(notifications.type, input.event.type),
          eq(notifications.eventId, input.event.id),
          eq(notifications.eventStatus, input.event.status),
          eq(notifications.isTest, false),
        ),
      )
      .get();
  if (!byEvent) return null;
  if (byEvent.bodyHash !== input.bodyHash) {
    const key = byWebhook
      ? `webhook-id ${input.webhookId}`
      : `event ${input.event.id} (${input.event.status})`;
    return {
      status: "conflict",
      message: `${key} was already accepted with a different body; send a new id for a new event`,
    } satisfies IntakeResult;
  }
  return answerOf(byEvent, true);
}

type Planned = {
  id: string;
  organizationId: string | null;
  recipients: string[];
  state: "queued" | "suppressed";
  suppressedReason: string | null;
  routeReason: string | null;
};

function insertNotification(
  tx: Executor,
  account: IntakeAccount,
  input: IntakeInput & { isTest: boolean },
  plan: Planned,
  rendered: Awaited<ReturnType<typeof renderNotification>>,
) {
  const now = new Date();
  const row = tx
    .insert(notifications)
    .values({
      id: plan.id,
      accountId: account.id,
      organizationId: plan.organizationId,
      organizationName: input.event.organization.name,
      eventId: input.event.id,
      type: input.event.type,
      eventStatus: input.event.status,
      severity: input.event.severity ?? null,
      title: input.event.title,
      state: plan.state,
      suppressedReason: plan.suppressedReason,
      routeReason: plan.routeReason,
      isTest: input.isTest,
      payload: input.payload,
      webhookId: input.webhookId,
      bodyHash: input.bodyHash,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: rendered.headers,
      recipientCount: plan.recipients.length,
      createdAt: now,
    })
    .returning()
    .get();
  if (plan.recipients.length === 0) return row;
  const rows = plan.recipients.map((recipient) => ({
    id: randomUUID(),
    accountId: account.id,
    notificationId: plan.id,
    recipient,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  tx.insert(deliveries).values(rows).run();
  tx.insert(deliveryEvents)
    .values(
      rows.map((delivery) => ({
        id: randomUUID(),
        deliveryId: delivery.id,
        status: "queued",
        detail: plan.routeReason,
        source: "dispatcher" as const,
        occurredAt: now,
      })),
    )
    .run();
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message);
}

async function commit(
  db: Executor,
  account: IntakeAccount,
  input: IntakeInput & { isTest: boolean },
  plan: Omit<Planned, "id">,
): Promise<IntakeResult> {
  const id = randomUUID();
  const rendered = await renderNotification(input.event, {
    accountId: account.id,
    notificationId: id,
    isTest: input.isTest,
    fromDomain: senderDomain(),
  });
  try {
    const row = db.transaction(
      (tx) => {
        // Re-checked inside the write transaction: a concurrent twin may have committed
        // while this one was rendering.
        if (!input.isTest) {
          const previous = previousAnswer(tx, account, input);
          if (previous) return previous;
        }
        return insertNotification(tx, account, input, { ...plan, id }, rendered);
      },
      { behavior: "immediate" },
    );
    if ("status" in row) return row;
    if (row.state === "queued") wakeDispatcher();
    return answerOf(row, false);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return (
      previousAnswer(db, account, input) ?? { status: "conflict", message: "retry the request" }
    );
  }
}

/** Accepts one event from the detection platform for an account. */
export async function acceptEvent(
  db: Executor,
  account: IntakeAccount,
  input: IntakeInput,
): Promise<IntakeResult> {
  const previous = previousAnswer(db, account, input);
  if (previous) return previous;

  const organization = upsertOrganization(
    db,
    account.id,
    input.event.organization.id,
    input.event.organization.name,
  );
  const settings = ensureEmailIntegration(db, account.id).settings;
  const route = routeNotification(settings, {
    type: input.event.type,
    status: input.event.status,
    organizationId: organization.id,
    organizationName: organization.name,
  });
  return commit(
    db,
    account,
    { ...input, isTest: false },
    route.suppressed
      ? {
          organizationId: organization.id,
          recipients: [],
          state: "suppressed",
          suppressedReason: route.reason,
          routeReason: null,
        }
      : {
          organizationId: organization.id,
          recipients: route.recipients,
          state: "queued",
          suppressedReason: null,
          routeReason: route.reason,
        },
  );
}

/**
 * A test send from the portal: the same render and delivery path as a real event, to the
 * recipients the admin chose, marked as a test in its subject and headers.
 */
export async function acceptTestSend(
  db: Executor,
  account: IntakeAccount,
  input: { event: NotificationEvent; recipients: string[]; organizationId: string | null },
): Promise<IntakeResult> {
  return commit(
    db,
    account,
    {
      event: input.event,
      payload: input.event as Record<string, unknown>,
      webhookId: null,
      bodyHash: "",
      isTest: true,
    },
    {
      organizationId: input.organizationId,
      recipients: [...new Set(input.recipients)],
      state: "queued",
      suppressedReason: null,
      routeReason: "Test send",
    },
  );
}
