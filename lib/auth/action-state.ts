import type { z } from "zod";
import { fieldMessages } from "@/lib/core/issues";

/**
 * What every server action returns to its form: a message for the live region, errors keyed
 * by dotted field path (e.g. `types.incident.addresses`), and the submitted values so the form
 * can keep everything that was typed.
 */
export type ActionState<V = Record<string, unknown>> = {
  ok: boolean;
  message: string;
  errors?: Record<string, string[]>;
  values?: V;
  /** Changes on every submission so a form can tell a new answer from the previous one. */
  at?: number;
};

export const initialActionState: ActionState = { ok: false, message: "" };

/** A form's errors by field (`form` for the form as a whole), each message once. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  return fieldMessages(error, "form");
}
