import { db } from "@/db/client";
import { errorAnswer } from "@/lib/api/errors";
import { config } from "@/lib/config";
import { recordProviderEvent } from "@/lib/delivery/provider-events";
import { readLimited } from "@/lib/http/read-limited";
import { verifyResendEvent } from "@/lib/transports/resend-events";

export const dynamic = "force-dynamic";

/** Resend's events are small; anything far larger is not one of them. */
const MAX_EVENT_BYTES = 256 * 1024;

/**
 * Resend's delivery events (sent, delivered, delayed, bounced, complained, failed).
 * Authenticated by the Svix signature alone (there is no session on a provider's call):
 * verified on the raw body before anything is parsed or written. The body is read with a
 * byte limit while it streams, so an oversized (chunked) upload is cut off, not buffered.
 */
export async function POST(request: Request) {
  const secret = config().RESEND_WEBHOOK_SECRET;
  if (!secret) {
    // Not a caller's fault: answer so Resend retries once the secret is configured.
    return errorAnswer(503, "not_configured", "Resend webhooks are not configured.");
  }
  const body = await readLimited(request, MAX_EVENT_BYTES);
  if (!body.ok) {
    return errorAnswer(413, "payload_too_large", "The event is too large.", {
      headers: { connection: "close" },
    });
  }
  const raw = new TextDecoder().decode(body.bytes);

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
  // Signed by Resend but not about an email (domain.updated, contact.created…): nothing of
  // Beacon's to record, and a 400 would make Resend retry it forever.
  if ("ignored" in verified) return Response.json({ result: "ignored", type: verified.ignored });

  const outcome = await recordProviderEvent(db, verified.event);
  // 200 even when no delivery matches: the event is genuine, and a retry would not match either.
  return Response.json(outcome);
}
