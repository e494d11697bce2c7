import { NOTIFICATION_TYPE_PLURALS, NOTIFICATION_TYPES, type NotificationType } from "./events";
import {
  PSA_EMAIL_MODE_LABELS,
  PSA_METHOD_LABELS,
  type PsaEmailMode,
  type PsaSettings,
} from "./psa";
import type { SettingChange } from "./settings-diff";

/*
 * The PSA form's fields as FormData carries them, read into what psaSettingsSchema checks,
 * and the History's lines for a save. Pure: the form, the action and the tests share it.
 */

/** `cover.<type>` is the checkbox "the PSA covers this type"; `mode.<type>` its email choice. */
export const coverField = (type: NotificationType) => `cover.${type}`;
export const modeField = (type: NotificationType) => `mode.${type}`;

export function readPsaForm(formData: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const types: Record<string, string> = {};
  for (const type of NOTIFICATION_TYPES) {
    if (formData.get(coverField(type)) === "on") types[type] = text(modeField(type)) || "as_well";
  }
  return {
    name: text("name"),
    method: text("method"),
    endpoint: text("endpoint"),
    ticketAddress: text("ticketAddress"),
    types,
    enabled: formData.get("enabled") === "on",
  };
}

const coverage = (mode: PsaEmailMode | undefined) =>
  mode ? `covered, ${PSA_EMAIL_MODE_LABELS[mode].toLowerCase()}` : "not covered";

/** What a save changed, line by line; `before` null for the PSA's creation. */
export function diffPsaSettings(before: PsaSettings | null, after: PsaSettings): SettingChange[] {
  const changes: SettingChange[] = [];
  const push = (field: string, from: string, to: string) => {
    if (from !== to) changes.push({ field, from, to });
  };
  const none = "(none)";
  push("PSA name", before?.name ?? none, after.name);
  push(
    "PSA delivery method",
    before ? PSA_METHOD_LABELS[before.method] : none,
    PSA_METHOD_LABELS[after.method],
  );
  push("PSA webhook URL", before?.endpoint || none, after.endpoint || none);
  push("PSA ticketing address", before?.ticketAddress || none, after.ticketAddress || none);
  for (const type of NOTIFICATION_TYPES) {
    push(
      `PSA: ${NOTIFICATION_TYPE_PLURALS[type]}`,
      before ? coverage(before.types[type]) : none,
      coverage(after.types[type]),
    );
  }
  push(
    "PSA enabled",
    before ? (before.enabled ? "on" : "off") : none,
    after.enabled ? "on" : "off",
  );
  return changes;
}
