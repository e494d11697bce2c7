import { NOTIFICATION_TYPE_PLURALS, NOTIFICATION_TYPES } from "./events";
import type { EmailSettings } from "./settings";

/**
 * An address taken out of every list of the Email Integration (the defaults, each type's
 * override, each organization rule), for the flagged-addresses panel's "Remove". An
 * override or a rule left with no address would route to nobody, so instead of removing
 * it quietly the answer names where the address is the last one: the admin decides there.
 * Pure.
 */
export type Removal =
  | { ok: true; settings: EmailSettings; removed: boolean }
  | { ok: false; message: string };

export function removeAddress(
  settings: EmailSettings,
  address: string,
  organizationName: (id: string) => string,
): Removal {
  const target = address.trim().toLowerCase();
  const keep = (list: string[]) => list.filter((a) => a.toLowerCase() !== target);
  const lastIn: string[] = [];

  if (settings.defaults.length > 0 && keep(settings.defaults).length === 0) {
    lastIn.push("the Default Notification Emails");
  }
  const types = { ...settings.types };
  for (const type of NOTIFICATION_TYPES) {
    const own = settings.types[type];
    const left = keep(own.addresses);
    if (own.override && own.addresses.length > 0 && left.length === 0) {
      lastIn.push(`the ${NOTIFICATION_TYPE_PLURALS[type]} override`);
    }
    types[type] = { ...own, addresses: left };
  }
  const organizationRules = settings.organizationRules.map((rule) => {
    const left = keep(rule.addresses);
    if (rule.addresses.length > 0 && left.length === 0) {
      lastIn.push(`the rule for ${organizationName(rule.organizationId)}`);
    }
    return { ...rule, addresses: left };
  });
  if (lastIn.length > 0) {
    return {
      ok: false,
      message: `${address} is the only address of ${lastIn.join(" and ")}: change ${lastIn.length === 1 ? "it" : "them"} in the form above instead.`,
    };
  }
  const next: EmailSettings = {
    ...settings,
    defaults: keep(settings.defaults),
    types,
    organizationRules,
  };
  return { ok: true, settings: next, removed: JSON.stringify(next) !== JSON.stringify(settings) };
}
