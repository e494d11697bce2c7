import { errorText } from "@/lib/core/error-text";
import type { FieldIssue } from "@/lib/core/issues";
import { StorageUnavailableError } from "@/lib/intake/ports";

/**
 * Every JSON error Beacon answers with has one shape, `{"error":{code,message,fields?}}`,
 * and one of these codes: a caller branches on the code, a person reads the message.
 * Adding a code is a change to the API (the README's answers tables list them).
 */
export const ERROR_CODES = [
  /** 400: the body is not JSON. */
  "invalid_json",
  /** 422: an event has invalid fields (`fields` names each). */
  "invalid_event",
  /** 422: a batch is not `{"events": [...]}` of 1 to 100 events. */
  "invalid_batch",
  /** 400: a provider's event whose signature does not match. */
  "invalid_signature",
  /** 401: no session, or a missing or bad webhook signature. */
  "unauthorized",
  /** 403: signed in, but the role may not do this. */
  "forbidden",
  /** 404: nothing of that id in the caller's account. */
  "not_found",
  /** 409: the request contradicts what is stored. */
  "conflict",
  /** 413: a body over the limit. */
  "payload_too_large",
  /** 429: too many requests; Retry-After says when to try again. */
  "rate_limited",
  /** 503: Beacon cannot take the request now; Retry-After says when to try again. */
  "overloaded",
  /** 503: the database can't take writes right now (full, read-only); nothing was stored. */
  "unavailable",
  /** 503: the endpoint needs a setting this deployment lacks. */
  "not_configured",
  /** 500: anything not answered on purpose; the message leaks nothing. */
  "internal_error",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorBody = { error: { code: ErrorCode; message: string; fields?: FieldIssue[] } };

/**
 * An error a route handler answers with on purpose: a status, a stable code, a message and
 * the fields at fault. Anything else becomes a generic 500 that leaks nothing.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
    /** Seconds a caller should wait before trying again (sent as Retry-After). */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

export function errorBody(error: ApiError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}

/** The answer to a refused request, in the one envelope. */
export function errorAnswer(
  status: number,
  code: ErrorCode,
  message: string,
  init: { fields?: FieldIssue[]; headers?: HeadersInit } = {},
): Response {
  return Response.json(errorBody(new ApiError(status, code, message, init.fields)), {
    status,
    headers: init.headers,
  });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return Response.json(errorBody(error), {
      status: error.status,
      headers: error.retryAfterS ? { "retry-after": String(error.retryAfterS) } : undefined,
    });
  }
  if (error instanceof StorageUnavailableError) {
    console.error("Intake refused while storage is unavailable:", errorText(error.cause));
    return errorResponse(
      new ApiError(
        503,
        "unavailable",
        "Beacon cannot store events right now; retry shortly.",
        undefined,
        5,
      ),
    );
  }
  console.error("Unhandled error in a route handler:", errorText(error));
  return errorAnswer(500, "internal_error", "Something went wrong on our side.");
}
