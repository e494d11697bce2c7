import { z } from "zod";
import { splitAddressInput } from "./addresses";
import { NOTIFICATION_TYPES } from "./events";
import { emailSettingsSchema } from "./settings";

/*
 * How the Email Integration form travels as FormData, shared by the form (which writes it)
 * and the server action (which reads and re-validates all of it):
 *  - `integrationId`: the integration being edited (checked against the session's account);
 *  - `settings`: the whole form state as JSON (chips, checkboxes, rules);
 *  - `pending.<list>`: text typed into an address box but not yet turned into chips, so
 *    pressing Save right after typing never loses it (bad text there gets its own error).
 */

export const SETTINGS_FIELD = "settings";
export const INTEGRATION_FIELD = "integrationId";

/** FormData names of the pending-text boxes, one per address list. */
export const pendingField = {
  defaults: "pending.defaults",
  type: (type: string) => `pending.types.${type}`,
  rule: (ruleId: string) => `pending.rule.${ruleId}`,
};

export const saveSettingsSchema = z.object({
  [INTEGRATION_FIELD]: z
    .string({ error: "The form is missing its integration; reload the page" })
    .min(1, "The form is missing its integration; reload the page")
    .max(100),
  [SETTINGS_FIELD]: emailSettingsSchema,
});
export type SaveSettingsInput = z.infer<typeof saveSettingsSchema>;

function pendingAddresses(formData: FormData, name: string): string[] {
  const value = formData.get(name);
  return typeof value === "string" ? splitAddressInput(value) : [];
}

function withPending(list: unknown, extra: string[]): unknown {
  if (extra.length === 0 || !Array.isArray(list)) return list;
  return [...list, ...extra];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads the form into the shape `saveSettingsSchema` validates; never throws. */
export function readSettingsForm(formData: FormData): unknown {
  const integrationId = formData.get(INTEGRATION_FIELD);
  let settings: unknown = null;
  const json = formData.get(SETTINGS_FIELD);
  if (typeof json === "string" && json.length <= 1_000_000) {
    try {
      settings = JSON.parse(json);
    } catch {
      settings = null;
    }
  }
  if (isRecord(settings)) {
    settings.defaults = withPending(
      settings.defaults,
      pendingAddresses(formData, pendingField.defaults),
    );
    if (isRecord(settings.types)) {
      for (const type of NOTIFICATION_TYPES) {
        const own = settings.types[type];
        if (isRecord(own)) {
          own.addresses = withPending(
            own.addresses,
            pendingAddresses(formData, pendingField.type(type)),
          );
        }
      }
    }
    if (Array.isArray(settings.organizationRules)) {
      for (const rule of settings.organizationRules) {
        if (isRecord(rule) && typeof rule.id === "string") {
          rule.addresses = withPending(
            rule.addresses,
            pendingAddresses(formData, pendingField.rule(rule.id)),
          );
        }
      }
    }
  }
  return {
    [INTEGRATION_FIELD]: typeof integrationId === "string" ? integrationId : undefined,
    [SETTINGS_FIELD]: settings ?? undefined,
  };
}

/** Errors keyed as the form names its fields: the `settings.` prefix dropped. */
export function formFieldErrors(
  errors: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors ?? {})) {
    const field = key.startsWith(`${SETTINGS_FIELD}.`) ? key.slice(SETTINGS_FIELD.length + 1) : key;
    out[field] = [...(out[field] ?? []), ...messages];
  }
  return out;
}
