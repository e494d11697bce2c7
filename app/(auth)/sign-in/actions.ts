"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type ActionState, fieldErrors } from "@/lib/auth/action-state";
import { auth } from "@/lib/auth/auth";
import { safeNextPath } from "@/lib/auth/next-path";

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Enter a valid email address." })),
  password: z.string().min(1, "Enter your password."),
  next: z.string().optional(),
});

export async function signIn(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const email = String(formData.get("email") ?? "");
  const values = { email, next: String(formData.get("next") ?? "") };
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      ok: false,
      message: "Check the highlighted fields.",
      errors: fieldErrors(parsed.error),
      values,
    };
  }
  try {
    await auth.api.signInEmail({
      body: { email: parsed.data.email, password: parsed.data.password },
      headers: await headers(),
    });
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 429) {
      // Counted per address typed, known or not: the same answer for both.
      const seconds = Number(error.body?.retryAfter) || 60;
      return {
        ok: false,
        message: `Too many failed sign-ins for this email. Try again in ${seconds} seconds.`,
        values,
      };
    }
    if (error instanceof APIError) {
      // One message for unknown email and wrong password, so accounts can't be probed.
      return { ok: false, message: "Email or password is incorrect.", values };
    }
    throw error;
  }
  redirect(safeNextPath(parsed.data.next));
}

export async function signOut() {
  await auth.api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
