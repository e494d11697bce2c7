import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { Webhook } from "svix";
import { z } from "zod";
import type * as schema from "@/db/schema";
import { deliveries, deliveryEvents } from "@/db/schema";
import { type DeliveryStatus, STATUS_RANK } from "@/lib/core/delivery-status";
import { DELIVERY_ID_HEADER } from "@/lib/transports/resend";

/** The provider events Beacon records, and the delivery status each one means. */
export const PROVIDER_EVENT_STATUS = {
  "email.sent": "sent",
  "email.delivered": "delivered",
  "email.delivery_delayed": "delivery_delayed",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
  // Resend dropped it because the address is on its suppression list: it was never sent.
  "email.suppressed": "failed",
} as const satisfies Record<string, DeliveryStatus>;
export type ProviderEventType = keyof typeof PROVIDER_EVENT_STATUS;

const eventSchema = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z.looseObject({
    email_id: z.string().min(1),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    bounce: z
      .looseObject({
        type: z.string().optional(),
        subType: z.string().optional(),
        message: z.string().optional(),
      })
      .optional(),
    failed: z.looseObject({ reason: z.string().optional() }).optional(),
    suppressed: z
      .looseObject({ reason: z.string().optional(), message: z.string().optional() })
      .optional(),
  }),
});
export type ResendEvent = z.infer<typeof eventSchema>;

export type SvixHeaders = { id: string | null; timestamp: string | null; signature: string | null };

/**
 * Checks Resend's Svix signature on the raw body (HMAC-SHA256 with the whsec_ secret,
 * timestamp within 5 minutes) and only then parses it. Null when anything is wrong, so
 * the caller answers 400 and changes nothing.
 */
export function verifyResendEvent(
  rawBody: string,
  headers: SvixHeaders,
  secret: string,
): { svixId: string; event: ResendEvent } | { ignored: string } | { error: string } {
  if (!headers.id || !headers.timestamp || !headers.signature) {
    return { error: "Missing svix-id, svix-timestamp or svix-signature header." };
  }
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(rawBody, {
      "svix-id": headers.id,
      "svix-timestamp": headers.timestamp,
      "svix-signature": headers.signature,
    });
  } catch {
    return { error: "The signature does not match the body, or the timestamp is too old." };
  }
  // Resend signs its other events (domain.updated, contact.created…) the same way: genuine,
  // but not about an email, so they are acknowledged and ignored rather than refused.
  const type = (payload as { type?: unknown } | null)?.type;
  if (typeof type === "string" && !type.startsWith("email.")) return { ignored: type };
  const parsed = eventSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `Invalid event field \`${issue?.path.join(".") || "body"}\`: ${issue?.message}`,
    };
  }
  return { svixId: headers.id, event: parsed.data };
}

export type RecordOutcome =
  | { result: "recorded"; deliveryId: string; status: DeliveryStatus; changed: boolean }
  | { result: "duplicate"; deliveryId: string }
  | { result: "unmatched" }
  | { result: "ignored"; type: string };

function eventDetail(event: ResendEvent): string | null {
  const { bounce, failed, suppressed } = event.data;
  switch (event.type) {
    case "email.bounced": {
      const kind = `${bounce?.type ?? "Undetermined"} bounce${bounce?.subType ? ` (${bounce.subType})` : ""}`;
      return bounce?.message ? `${kind}: ${bounce.message}` : kind;
    }
    case "email.failed":
      return failed?.reason
        ? `Resend could not send it: ${failed.reason}`
        : "Resend could not send it.";
    case "email.suppressed":
      return `Suppressed by Resend${suppressed?.reason ? ` (${suppressed.reason})` : ""}${suppressed?.message ? `: ${suppressed.message}` : ""}`;
    case "email.complained":
      return "The recipient marked it as spam.";
    case "email.delivery_delayed":
      return "Delivery is delayed; Resend keeps trying.";
    default:
      return null;
  }
}

type Db = BetterSQLite3Database<typeof schema>;

function findDelivery(tx: Pick<Db, "select">, event: ResendEvent) {
  const byProviderId = tx
    .select({
      id: deliveries.id,
      status: deliveries.status,
      providerMessageId: deliveries.providerMessageId,
    })
    .from(deliveries)
    .where(eq(deliveries.providerMessageId, event.data.email_id))
    .get();
  if (byProviderId) return byProviderId;
  // Resend echoes custom headers: a delivery whose provider id was never stored (an answer
  // lost in a crash) is still found by the id Beacon put in the email.
  const header = event.data.headers?.find(
    (h) => h.name.toLowerCase() === DELIVERY_ID_HEADER.toLowerCase(),
  );
  if (!header) return undefined;
  const byHeader = tx
    .select({
      id: deliveries.id,
      status: deliveries.status,
      providerMessageId: deliveries.providerMessageId,
    })
    .from(deliveries)
    .where(eq(deliveries.id, header.value))
    .get();
  // Only a delivery with no provider id yet may be claimed this way.
  return byHeader && byHeader.providerMessageId === null ? byHeader : undefined;
}

/**
 * Records one verified provider event against its delivery, in one transaction: the event
 * goes into the delivery's history once (the svix-id is unique, so a replay is a no-op)
 * and the delivery's status moves forward only.
 */
export function recordProviderEvent(
  db: Db,
  input: { svixId: string; event: ResendEvent; receivedAt?: Date },
): RecordOutcome {
  const { svixId, event } = input;
  if (!(event.type in PROVIDER_EVENT_STATUS)) return { result: "ignored", type: event.type };
  const status = PROVIDER_EVENT_STATUS[event.type as ProviderEventType];
  const occurredAt = event.created_at
    ? new Date(event.created_at)
    : (input.receivedAt ?? new Date());
  const when = Number.isNaN(occurredAt.getTime()) ? new Date() : occurredAt;
  const detail = eventDetail(event);

  // IMMEDIATE: take the write lock before reading, so a dispatcher in another process
  // cannot change the status between this read and this write.
  return db.transaction(
    (tx) => {
      const delivery = findDelivery(tx, event);
      if (!delivery) return { result: "unmatched" } as const;
      const inserted = tx
        .insert(deliveryEvents)
        .values({
          id: randomUUID(),
          deliveryId: delivery.id,
          status: event.type.replace(/^email\./, ""),
          detail,
          source: "provider",
          providerEventId: svixId,
          occurredAt: when,
        })
        .onConflictDoNothing({ target: deliveryEvents.providerEventId })
        .run();
      if (inserted.changes === 0) return { result: "duplicate", deliveryId: delivery.id } as const;

      const forward = STATUS_RANK[status] > STATUS_RANK[delivery.status];
      const final = status === "bounced" || status === "complained" || status === "failed";
      if (forward || delivery.providerMessageId === null) {
        tx.update(deliveries)
          .set({
            ...(forward ? { status } : {}),
            ...(forward && final ? { lastError: detail } : {}),
            providerMessageId: delivery.providerMessageId ?? event.data.email_id,
            updatedAt: new Date(),
          })
          .where(eq(deliveries.id, delivery.id))
          .run();
      }
      return {
        result: "recorded",
        deliveryId: delivery.id,
        status: forward ? status : delivery.status,
        changed: forward,
      } as const;
    },
    { behavior: "immediate" },
  );
}
