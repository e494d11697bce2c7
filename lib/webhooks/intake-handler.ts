import type { WebhookLookup } from "@/db/webhook-lookup";
import { ApiError, errorBody, errorResponse } from "@/lib/api/errors";
import { errorText } from "@/lib/core/error-text";
import { parseNotificationEvent } from "@/lib/core/events";
import type { TokenBuckets } from "@/lib/core/token-bucket";
import { inTurn } from "@/lib/http/turns";
import {
  acceptEvents,
  type IntakeContext,
  type IntakeInput,
  type IntakeResult,
} from "@/lib/intake/intake";
import type { IntakeStore } from "@/lib/intake/ports";
import { StorageUnavailableError } from "@/lib/intake/ports";
import {
  intakeAnswer,
  MAX_BATCH_EVENTS,
  parseJson,
  readRawBody,
  tooDeepFields,
  verifySignedRequest,
} from "./inbound";
import type { PressureGauge } from "./pressure";

/*
 * The two inbound endpoints, in a fixed order: shed load, read the raw bytes, verify the
 * signature on them, rate-limit the (now authenticated) account, parse, validate, accept.
 * A refused request changes nothing; every event of a batch is answered on its own.
 */

type Answer = { status: number; body: Record<string, unknown> };

/** Bodies from this size on (a batch, not one event) are parsed in a turn of the event loop. */
const TURN_BODY_BYTES = 16 * 1024;

function validate(
  payload: unknown,
): { ok: true; input: IntakeInput } | { ok: false; answer: Answer } {
  const deep = tooDeepFields(payload);
  const parsed = deep.length ? null : parseNotificationEvent(payload);
  if (parsed?.ok) {
    return { ok: true, input: { event: parsed.event, payload, webhookId: null } };
  }
  const error = new ApiError(
    422,
    "invalid_event",
    "The event has invalid fields.",
    parsed ? parsed.issues : deep,
  );
  return { ok: false, answer: { status: 422, body: errorBody(error) } };
}

/** One batch item's answer; an unexpected failure of one item is its own 500, not the batch's. */
function answerOf(outcome: PromiseSettledResult<IntakeResult[]>): Answer {
  if (outcome.status === "fulfilled") return intakeAnswer(outcome.value[0] as IntakeResult);
  console.error("A batch event failed:", errorText(outcome.reason));
  return {
    status: 500,
    body: { error: { code: "internal_error", message: "Something went wrong on our side." } },
  };
}

/** What the handlers need of the process, wired by lib/runtime/intake.ts. */
export type IntakeRuntime = {
  store: IntakeStore;
  lookup: WebhookLookup;
  context: IntakeContext;
  limiter: TokenBuckets;
  pressure: PressureGauge;
  /** Told of every refused request (status 400 and up), to log it off this path. */
  onRefused?: (request: Request, slug: string, response: Response) => void;
};

async function handle(
  runtime: IntakeRuntime,
  request: Request,
  slug: string,
  accept: Parameters<typeof answer>[3],
): Promise<Response> {
  const response = await answer(runtime, request, slug, accept);
  if (response.status >= 400) runtime.onRefused?.(request, slug, response);
  return response;
}

async function answer(
  runtime: IntakeRuntime,
  request: Request,
  slug: string,
  accept: (ctx: {
    runtime: IntakeRuntime;
    account: { id: string; slug: string };
    webhookId: string;
    payload: unknown;
  }) => Promise<Response>,
): Promise<Response> {
  if (!runtime.pressure.enter()) {
    return errorResponse(
      new ApiError(
        503,
        "overloaded",
        "Beacon is busy; retry shortly with the same webhook-id.",
        undefined,
        1,
      ),
    );
  }
  try {
    const raw = await readRawBody(request);
    const { account, webhookId } = await verifySignedRequest(
      runtime.lookup,
      slug,
      raw,
      request.headers,
    );
    // A batch's body (up to 100 events) is parsed in a turn of its own: 100 of them arriving
    // together were all parsed in one pass of the loop's poll phase, with no timer between.
    const payload =
      raw.byteLength < TURN_BODY_BYTES ? parseJson(raw) : await inTurn(() => parseJson(raw));
    return await accept({ runtime, account, webhookId, payload });
  } catch (error) {
    return errorResponse(error);
  } finally {
    runtime.pressure.leave();
  }
}

function rateLimit(runtime: IntakeRuntime, accountId: string, events: number) {
  const taken = runtime.limiter.take(accountId, events);
  if (!taken.ok) {
    throw new ApiError(
      429,
      "rate_limited",
      "This account sends more events than Beacon accepts per minute; retry later with the same webhook-id.",
      undefined,
      taken.retryAfterS,
    );
  }
}

/** POST /api/v1/accounts/{slug}/notifications */
export function handleSingleEvent(
  runtime: IntakeRuntime,
  request: Request,
  slug: string,
): Promise<Response> {
  return handle(runtime, request, slug, async ({ runtime, account, webhookId, payload }) => {
    const checked = validate(payload);
    if (!checked.ok) return Response.json(checked.answer.body, { status: checked.answer.status });
    rateLimit(runtime, account.id, 1);
    const [result] = await acceptEvents(
      runtime.store,
      account,
      [{ ...checked.input, webhookId }],
      runtime.context,
    );
    const answer = intakeAnswer(result as IntakeResult);
    return Response.json(answer.body, { status: answer.status });
  });
}

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
 * POST /api/v1/accounts/{slug}/notifications/batch: up to 100 events, each validated and
 * answered on its own (its idempotency key is the webhook-id and its index, apart from the
 * single-event key space). One bad or failing event never blocks the others.
 */
export function handleBatch(
  runtime: IntakeRuntime,
  request: Request,
  slug: string,
): Promise<Response> {
  return handle(runtime, request, slug, async ({ runtime, account, webhookId, payload }) => {
    // Up to 100 validations: in the loop's turns, so a burst of batches can't stall it.
    const checked = await inTurn(() => eventsOf(payload).map(validate));
    const valid = checked.flatMap((check, index) =>
      check.ok ? [{ ...check.input, webhookId, webhookIndex: index }] : [],
    );
    rateLimit(runtime, account.id, valid.length);
    const outcomes = await Promise.allSettled(
      valid.map((input) => acceptEvents(runtime.store, account, [input], runtime.context)),
    );
    // The events of one request share one commit: if storage refused it, the whole request is
    // retried (the events that did commit answer as duplicates then).
    const down = outcomes.find(
      (outcome) =>
        outcome.status === "rejected" && outcome.reason instanceof StorageUnavailableError,
    );
    if (down?.status === "rejected") throw down.reason;
    let next = 0;
    const results = checked.map((check, index) => {
      if (!check.ok) return { index, ...check.answer };
      const outcome = outcomes[next++] as PromiseSettledResult<IntakeResult[]>;
      return { index, ...answerOf(outcome) };
    });
    return Response.json({ results }, { status: 200 });
  });
}
