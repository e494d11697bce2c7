import { Webhook } from "svix";
import { z } from "zod";
import type { DeliveryStatus } from "@/lib/core/delivery-status";
import type { ProviderEvent } from "@/lib/delivery/transport";
import { DELIVERY_ID_HEADER } from "./resend";

/*
 * Resend's half of the delivery events: verify the Svix signature on the raw body, read
 * the event, and say what it means for Beacon as a ProviderEvent the dispatcher records.
 */

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
): { event: ProviderEvent } | { ignored: string } | { error: string } {
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
  return { event: toProviderEvent(headers.id, parsed.data) };
}

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

/** What a verified Resend event means for Beacon. */
export function toProviderEvent(
  svixId: string,
  event: ResendEvent,
  receivedAt = new Date(),
): ProviderEvent {
  const occurredAt = event.created_at ? new Date(event.created_at) : receivedAt;
  // Resend echoes custom headers: a delivery whose provider id was never stored (an answer
  // lost in a crash) is still found by the id Beacon put in the email.
  const header = event.data.headers?.find(
    (h) => h.name.toLowerCase() === DELIVERY_ID_HEADER.toLowerCase(),
  );
  return {
    providerEventId: svixId,
    providerMessageId: event.data.email_id,
    deliveryId: header?.value ?? null,
    kind: event.type.replace(/^email\./, ""),
    status:
      event.type in PROVIDER_EVENT_STATUS
        ? PROVIDER_EVENT_STATUS[event.type as ProviderEventType]
        : null,
    detail: eventDetail(event),
    occurredAt: Number.isNaN(occurredAt.getTime()) ? receivedAt : occurredAt,
  };
}
