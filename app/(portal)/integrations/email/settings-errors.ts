import type { NotificationType } from "@/lib/core/events";
import type { EmailSettings, OrganizationRule } from "@/lib/core/settings";

/**
 * Where the Email Integration form shows a server error: beside its input (keyed as the
 * inputs are), or in the form's notice.
 */

/** Field keys the form shows next to an input; any other error goes to the form's notice. */
export function isPlacedField(key: string, settings: EmailSettings): boolean {
  const type = /^types\.([a-z_]+)\.(addresses|severities)$/.exec(key)?.[1];
  if (type) return settings.types[type as NotificationType]?.override === true;
  if (/^types\.[a-z_]+\.(delivery|digestAt)$/.test(key)) return true;
  return (
    key === "defaults" ||
    key === "timeZone" ||
    /^rule:[^.]+\.(organizationId|types|addresses|mode|severities|id)$/.test(key)
  );
}

/** Rule errors arrive by position; key them by rule id so they follow the rule. */
export function keyRuleErrors(errors: Record<string, string[]>, rules: OrganizationRule[]) {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^organizationRules\.(\d+)\.([A-Za-z]+)/.exec(key);
    const rule = match ? rules[Number(match[1])] : undefined;
    out[rule && match ? `rule:${rule.id}.${match[2]}` : key] = messages;
  }
  return out;
}

/** The errors no input shows, for the form's notice, and how many there are in all. */
export function unplacedErrors(errors: Record<string, string[]>, settings: EmailSettings) {
  return {
    general: Object.entries(errors)
      .filter(([key]) => !isPlacedField(key, settings))
      .flatMap(([, messages]) => messages),
    count: Object.values(errors).reduce((n, messages) => n + messages.length, 0),
  };
}
