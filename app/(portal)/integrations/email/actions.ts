"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { portalAction } from "@/lib/auth/action";
import { clock } from "@/lib/core/clock";
import { removeAddress } from "@/lib/core/remove-address";
import { parseEmailSettings } from "@/lib/core/settings";
import { readSettingsForm, saveSettingsSchema } from "@/lib/core/settings-form";
import { accountOrganizations, endMaintenanceWindow, saveEmailSettings } from "../data";

/**
 * Saves the Email Integration form. The wrapper checks the session, refuses non-admins and
 * validates the whole form with zod; `saveEmailSettings` then checks ownership of the
 * integration and of every rule's organization within the session's account.
 */
export const saveEmailSettingsAction = portalAction(
  { role: "admin", schema: saveSettingsSchema, input: readSettingsForm },
  async (input, session) => {
    const outcome = await saveEmailSettings(db, {
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

const removeAddressSchema = z.object({
  address: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Enter a valid email address." })),
});

/**
 * "Remove" on the flagged-addresses panel: the address out of every list of the account's
 * Email Integration, saved (and recorded in History) the same way the form saves.
 */
export const removeFlaggedAddressAction = portalAction(
  { role: "admin", schema: removeAddressSchema },
  async ({ address }, session) => {
    const accountId = session.account.id;
    const { integration, settings } = await emailIntegration(db, accountId);
    const names = new Map(
      (await accountOrganizations(db, accountId)).map((org) => [org.id, org.name]),
    );
    const removal = removeAddress(settings, address, (id) => names.get(id) ?? "an organization");
    if (!removal.ok) return { ok: false, message: removal.message };
    if (!removal.removed) {
      return { ok: true, message: "That address is not in the Email Integration's settings." };
    }
    // The same rules as a save from the form, whatever else the stored settings hold.
    const checked = parseEmailSettings(removal.settings);
    if (!checked.ok) {
      return { ok: false, message: "These settings need attention in the form above first." };
    }
    const outcome = await saveEmailSettings(db, {
      accountId,
      integrationId: integration.id,
      settings: checked.settings,
      user: { id: session.user.id, email: session.user.email },
    });
    if (!outcome.ok) return { ok: false, message: outcome.message };
    revalidatePath("/integrations/email");
    revalidatePath("/integrations");
    return { ok: true, message: `Removed ${address}. The change is recorded in History.` };
  },
);

const endWindowSchema = z.object({
  windowId: z.string().trim().min(1, "Choose a window").max(64, "Choose a window"),
});

/**
 * "End now" on an active maintenance window (admins): the window's current occurrence ends,
 * History records it, and what it held goes out as one digest per recipient right away.
 */
export const endMaintenanceWindowAction = portalAction(
  { role: "admin", schema: endWindowSchema },
  async ({ windowId }, session) => {
    const outcome = await endMaintenanceWindow(db, {
      accountId: session.account.id,
      windowId,
      user: { id: session.user.id, email: session.user.email },
      now: clock.now(),
    });
    if (!outcome.ok) return { ok: false, message: outcome.message };
    revalidatePath("/integrations/email");
    const held = outcome.released;
    return {
      ok: true,
      message: `Ended. ${held === 0 ? "Nothing was held" : `${held} held ${held === 1 ? "email goes" : "emails go"} out now in a digest`}; History records it.`,
    };
  },
);
