import { db } from "@/db/client";
import { ApiError, errorBody, errorResponse } from "@/lib/api/errors";
import { parseNotificationEvent } from "@/lib/core/events";
import { acceptEvent } from "@/lib/intake/intake";
import {
  eventHash,
  intakeAnswer,
  MAX_BATCH_EVENTS,
  parseJson,
  readRawBody,
  verifySignedRequest,
} from "@/lib/webhooks/inbound";

export const dynamic = "force-dynamic";

function eventsOf(payload: unknown): unknown[] {
  const events = Array.isArray(payload)
    ? payload
    : typeof payload === "object" && payload !== null && "events" in payload
      ? (payload as { events: unknown }).events
      : undefined;
  if (!Array.isArray(events)) {
    throw new ApiError(422, "invalid_batch", 'The body must be {"events": [...]} or an array.', [
      { field: "events", message: "must be an array of events" },
    ]);
  }
  if (events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    throw new ApiError(422, "invalid_batch", `A batch holds 1 to ${MAX_BATCH_EVENTS} events.`, [
      {
        field: "events",
        message: `must hold 1 to ${MAX_BATCH_EVENTS} events, got ${events.length}`,
      },
    ]);
  }
  return events;
}

/**
 * Up to 100 events in one signed request, each validated and answered on its own: one bad
 * event never blocks the others. Each event's idempotency key is `{webhook-id}#{index}`.
 */
export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  try {
    const { slug } = await context.params;
    const raw = await readRawBody(request);
    const { account, webhookId } = verifySignedRequest(db, slug, raw, request.headers);
    const events = eventsOf(parseJson(raw));
    const results = [];
    for (const [index, payload] of events.entries()) {
      const parsed = parseNotificationEvent(payload);
      if (!parsed.ok) {
        const error = new ApiError(
          422,
          "invalid_event",
          "The event has invalid fields.",
          parsed.issues,
        );
        results.push({ index, status: 422, body: errorBody(error) });
        continue;
      }
      const answer = intakeAnswer(
        await acceptEvent(db, account, {
          event: parsed.event,
          payload: payload as Record<string, unknown>,
          webhookId: `${webhookId}#${index}`,
          bodyHash: eventHash(payload),
        }),
      );
      results.push({ index, status: answer.status, body: answer.body });
    }
    return Response.json({ results }, { status: 200 });
  } catch (error) {
    return errorResponse(error);
  }
}
