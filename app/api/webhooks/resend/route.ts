import { db } from "@/db/client";
import { errorAnswer } from "@/lib/api/errors";
import { config } from "@/lib/config";
import { recordProviderEvent, verifyResendEvent } from "@/lib/delivery/provider-events";

export const dynamic = "force-dynamic";

/** Resend's events are small; anything far larger is not one of them. */
const MAX_EVENT_BYTES = 256 * 1024;

/**
 * Resend's delivery events (sent, delivered, delayed, bounced, complained, failed).
 * Authenticated by the Svix signature alone (there is no session on a provider's call):
 * verified on the raw body before anything is parsed or written.
 */
export async function POST(request: Request) {
  const secret = config().RESEND_WEBHOOK_SECRET;
  if (!secret) {
    // Not a caller's fault: answer so Resend retries once the secret is configured.
    return errorAnswer(503, "not_configured", "Resend webhooks are not configured.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_EVENT_BYTES) {
    return errorAnswer(413, "payload_too_large", "The event is too large.");
  }
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_EVENT_BYTES) {
    return errorAnswer(413, "payload_too_large", "The event is too large.");
  }

  const verified = verifyResendEvent(
    raw,
    {
      id: request.headers.get("svix-id"),
      timestamp: request.headers.get("svix-timestamp"),
      signature: request.headers.get("svix-signature"),
    },
    secret,
  );
  if ("error" in verified) return errorAnswer(400, "invalid_signature", verified.error);

  const outcome = recordProviderEvent(db, verified);
  // 200 even when no delivery matches: the event is genuine, and a retry would not match either.
  return Response.json(outcome);
}
