import "server-only";
import type { z } from "zod";
import type { Role } from "@/db/schema";
import { type ActionState, fieldErrors } from "./action-state";
import { getPortalSession, type PortalSession } from "./session";

type ActionOptions<S extends z.ZodType> = {
  /** The role the caller needs. Every exported action is a public endpoint: the check lives here. */
  role: Role | "any";
  schema: S;
  /** How to read the form; by default every field as a string. */
  input?: (formData: FormData) => unknown;
};

/**
 * The one wrapper for server actions: session, role, then zod on the server. The handler only
 * runs with a valid session of the right role and parsed input; its queries must still be
 * scoped by `session.account.id`.
 */
export function portalAction<S extends z.ZodType>(
  options: ActionOptions<S>,
  handler: (input: z.infer<S>, session: PortalSession) => Promise<ActionState> | ActionState,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const raw = options.input ? options.input(formData) : Object.fromEntries(formData);
    const values = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const session = await getPortalSession();
    if (!session) {
      return {
        ok: false,
        message: "Your session has ended. Sign in again.",
        values,
        at: Date.now(),
      };
    }
    if (options.role === "admin" && session.role !== "admin") {
      return {
        ok: false,
        message: "Only Account Admins can make this change.",
        values,
        at: Date.now(),
      };
    }
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        message: "Some fields need attention.",
        errors: fieldErrors(parsed.error),
        values,
        at: Date.now(),
      };
    }
    const result = await handler(parsed.data, session);
    return { values, ...result, at: Date.now() };
  };
}
