/*
 * What a log line says of an error. A failed query arrives wrapped by drizzle, whose message
 * holds the SQL and its bound values (addresses, payloads, secrets' ciphertext): the log gets
 * the database's own message and the start of the statement, never the values.
 */

type QueryError = Error & { query: string; cause?: unknown };

function isQueryError(error: unknown): error is QueryError {
  return error instanceof Error && typeof (error as { query?: unknown }).query === "string";
}

export function errorText(error: unknown): string {
  if (isQueryError(error)) {
    const cause = error.cause instanceof Error ? error.cause : null;
    const code = (cause as { code?: unknown } | null)?.code;
    const statement = error.query.replace(/\s+/g, " ").slice(0, 120);
    return `${typeof code === "string" ? `${code}: ` : ""}${cause?.message ?? "query failed"} (in: ${statement})`;
  }
  return error instanceof Error ? error.message : String(error);
}
