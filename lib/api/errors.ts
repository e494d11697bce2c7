import type { FieldIssue } from "@/lib/core/events";

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
  if (error instanceof ApiError) return Response.json(errorBody(error), { status: error.status });
  console.error(
    "Unhandled error in a route handler:",
    error instanceof Error ? error.message : error,
  );
  return Response.json(
    { error: { code: "internal_error", message: "Something went wrong on our side." } },
    { status: 500 },
  );
}
