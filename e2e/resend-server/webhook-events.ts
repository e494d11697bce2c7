import { randomUUID } from "node:crypto";
import { Webhook } from "svix";

export const EMAIL_EVENT_TYPES = [
  "email.sent",
  "email.delivered",
  "email.delivery_delayed",
  "email.bounced",
  "email.complained",
  "email.failed",
  "email.opened",
  "email.clicked",
  "email.suppressed",
] as const;
export type EmailEventType = (typeof EMAIL_EVENT_TYPES)[number];

export type EventEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  createdAt: string;
};

/** The event body as the description's Email*Event schemas give it. */
export function buildEmailEvent(
  type: EmailEventType,
  email: EventEmail,
  at: Date = new Date(),
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    email_id: email.id,
    created_at: email.createdAt,
    from: email.from,
    to: email.to,
    subject: email.subject,
  };
  const headers = Object.entries(email.headers).map(([name, value]) => ({ name, value }));
  if (headers.length > 0) data.headers = headers;
  if (type === "email.bounced") {
    data.bounce = {
      type: "Permanent",
      subType: "General",
      message: "The recipient's mail server permanently rejected the email.",
      diagnosticCode: ["smtp; 550 5.1.1 user unknown"],
    };
  }
  if (type === "email.failed") data.failed = { reason: "rejected_by_provider" };
  if (type === "email.suppressed") {
    data.suppressed = {
      type: "OnAccountSuppressionList",
      reason: "previous_bounce",
      message: "The address bounced before and is on the suppression list.",
      diagnosticCode: ["smtp; 550 5.1.1 user unknown"],
    };
  }
  return { type, created_at: at.toISOString(), data };
}

export type SignedDelivery = {
  svixId: string;
  status: number;
  responseBody: string;
};

/**
 * Posts an event to the app the way Resend (through Svix) does: the raw JSON body with
 * `svix-id`, `svix-timestamp` and `svix-signature` (v1, HMAC-SHA256 with the whsec_ secret).
 * Reusing `svixId` replays the same delivery, as Svix does on a retry.
 */
export async function postSignedEvent(options: {
  url: string;
  secret: string;
  event: Record<string, unknown>;
  svixId?: string;
  timestamp?: Date;
}): Promise<SignedDelivery> {
  const svixId = options.svixId ?? `msg_${randomUUID().replaceAll("-", "")}`;
  const timestamp = options.timestamp ?? new Date();
  const body = JSON.stringify(options.event);
  const signature = new Webhook(options.secret).sign(svixId, timestamp, body);
  const response = await fetch(options.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": svixId,
      "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "svix-signature": signature,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { svixId, status: response.status, responseBody: await response.text() };
}
