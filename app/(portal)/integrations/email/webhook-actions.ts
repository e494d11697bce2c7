"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { portalAction } from "@/lib/auth/action";
import { currentSecret, rotateWebhookSecret } from "@/lib/webhooks/secrets";

const nothing = z.object({});

/**
 * The secret is only sent to an admin's browser when asked for, so it is never in the page
 * itself (nor in a read-only user's view).
 */
export const revealWebhookSecret = portalAction(
  { role: "admin", schema: nothing },
  (_input, session) => {
    const secret = currentSecret(db, session.account.id);
    return secret
      ? { ok: true, message: "Signing secret shown.", values: { secret: secret.secret } }
      : { ok: false, message: "This account has no signing secret yet. Rotate to create one." };
  },
);

export const rotateSecret = portalAction({ role: "admin", schema: nothing }, (_input, session) => {
  const secret = rotateWebhookSecret(db, session.account.id);
  revalidatePath("/integrations/email");
  return {
    ok: true,
    message: "New signing secret issued. The previous one keeps working for 24 hours.",
    values: { secret },
  };
});
