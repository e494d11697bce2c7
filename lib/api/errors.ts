import type { FieldIssue } from "@/lib/core/events";
import { StorageUnavailableError } from "@/lib/intake/ports";

/**
 * An error a route handler answers with on purpose: a status, a stable code, a message and
 * the fields at fault. Anything else becomes a generic 500 that leaks nothing.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldIssue[],
    /** Seconds a caller should wait before trying again (sent as Retry-After). */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

export function errorBody(error: ApiError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return Response.json(errorBody(error), {
      status: error.status,
      headers: error.retryAfterS ? { "retry-after": String(error.retryAfterS) } : undefined,
    });
  }
  if (error instanceof StorageUnavailableError) {
    console.error("Intake refused while storage is unavailable:", error.message);
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
  console.error(
    "Unhandled error in a route handler:",
    error instanceof Error ? error.message : error,
  );
  return Response.json(
    { error: { code: "internal_error", message: "Something went wrong on our side." } },
    { status: 500 },
  );
}
