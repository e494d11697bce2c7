"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db/client";
import { portalAction } from "@/lib/auth/action";
import { readSettingsForm, saveSettingsSchema } from "@/lib/core/settings-form";
import { saveEmailSettings } from "../data";

/**
 * Saves the Email Integration form. The wrapper checks the session, refuses non-admins and
 * validates the whole form with zod; `saveEmailSettings` then checks ownership of the
 * integration and of every rule's organization within the session's account.
 */
export const saveEmailSettingsAction = portalAction(
  { role: "admin", schema: saveSettingsSchema, input: readSettingsForm },
  (input, session) => {
    const outcome = saveEmailSettings(db, {
      accountId: session.account.id,
      integrationId: input.integrationId,
      settings: input.settings,
      user: { id: session.user.id, email: session.user.email },
    });
    if (!outcome.ok) return { ok: false, message: outcome.message, errors: outcome.errors };
    if (outcome.changes.length > 0) {
      revalidatePath("/integrations/email");
      revalidatePath("/integrations");
    }
    const count = outcome.changes.length;
    return {
      ok: true,
      message:
        count === 0
          ? "Nothing to save: these settings were already saved."
          : `Saved. ${count} ${count === 1 ? "change" : "changes"} recorded in History.`,
      values: { settings: outcome.settings },
    };
  },
);
