import type { z } from "zod";

/**
 * The one way a zod error becomes what a caller shows: every issue under its dotted field
 * path (e.g. `organization.name`, `types.incident.addresses`). Pure: only zod.
 */

export type FieldIssue = { field: string; message: string };

/** Field path (dot-joined) to its messages, each message once. */
export type FieldMessages = Record<string, string[]>;

/**
 * One `{ field, message }` a zod issue, in zod's order. An issue about the whole input is
 * named `root`: `(body)` for a request body, `form` for a form.
 */
export function fieldIssues(error: z.ZodError, root = "(body)"): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join(".") : root,
    message: issue.message,
  }));
}

/** The same issues keyed by field, as a form shows them beside each input. */
export function fieldMessages(error: z.ZodError, root = "form"): FieldMessages {
  const fields: FieldMessages = {};
  for (const { field, message } of fieldIssues(error, root)) {
    const messages = fields[field] ?? [];
    if (!messages.includes(message)) messages.push(message);
    fields[field] = messages;
  }
  return fields;
}
