import { db } from "@/db/client";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { parseNotificationEvent } from "@/lib/core/events";
import { acceptEvent } from "@/lib/intake/intake";
import {
  eventHash,
  intakeAnswer,
  parseJson,
  readRawBody,
  verifySignedRequest,
} from "@/lib/webhooks/inbound";

export const dynamic = "force-dynamic";

/** One event from the detection platform: verify the signature on the raw body, validate, accept. */
export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  try {
    const { slug } = await context.params;
    const raw = await readRawBody(request);
    const { account, webhookId } = verifySignedRequest(db, slug, raw, request.headers);
    const payload = parseJson(raw);
    const parsed = parseNotificationEvent(payload);
    if (!parsed.ok) {
      throw new ApiError(422, "invalid_event", "The event has invalid fields.", parsed.issues);
    }
    const result = await acceptEvent(db, account, {
      event: parsed.event,
      payload: payload as Record<string, unknown>,
      webhookId,
      bodyHash: eventHash(payload),
    });
    const answer = intakeAnswer(result);
    return Response.json(answer.body, { status: answer.status });
  } catch (error) {
    return errorResponse(error);
  }
}
