import type { NotificationType } from "@/lib/core/events";
import type { EmailSettings } from "@/lib/core/settings";

/**
 * Where the Email Integration form shows a server error: beside its input (keyed as the
 * inputs are), or in the form's notice.
 */

/** Field keys the form shows next to an input; any other error goes to the form's notice. */
export function isPlacedField(key: string, settings: EmailSettings): boolean {
  const type = /^types\.([a-z_]+)\.(addresses|severities)$/.exec(key)?.[1];
  if (type) return settings.types[type as NotificationType]?.override === true;
  const reminders = /^types\.([a-z_]+)\.reminders\.(everyHours|times)$/.exec(key)?.[1];
  if (reminders) return settings.types[reminders as NotificationType]?.reminders.enabled === true;
  if (/^types\.[a-z_]+\.(delivery|digestAt)$/.test(key)) return true;
  return (
    key === "defaults" ||
    key === "timeZone" ||
    /^window:[^.]+\.(organizationId|start|end|reason)$/.test(key) ||
    /^rule:[^.]+\.(organizationId|types|addresses|mode|severities|id)$/.test(key)
  );
}

/** Rule and window errors arrive by position; key them by id so they follow their rule or window. */
export function keyRuleErrors(errors: Record<string, string[]>, settings: EmailSettings) {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const rule = /^organizationRules\.(\d+)\.([A-Za-z]+)/.exec(key);
    const window = /^maintenanceWindows\.(\d+)\.([A-Za-z]+)/.exec(key);
    const ruleId = rule ? settings.organizationRules[Number(rule[1])]?.id : undefined;
    const windowId = window ? settings.maintenanceWindows[Number(window[1])]?.id : undefined;
    if (rule && ruleId) out[`rule:${ruleId}.${rule[2]}`] = messages;
    else if (window && windowId) out[`window:${windowId}.${window[2]}`] = messages;
    else out[key] = messages;
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
