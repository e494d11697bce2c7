import { NOTIFICATION_TYPE_PLURALS, NOTIFICATION_TYPES, type Severity } from "./events";
import { describeReminders } from "./reminders";
import { severityLimitWords } from "./routing";
import type { EmailSettings, MaintenanceWindow, OrganizationRule, TypeSettings } from "./settings";

/** One line of an integration's history; the same shape as `integration_changes.changes`. */
export type SettingChange = { field: string; from: string; to: string };

export const NONE = "(none)";

type Names = ReadonlyMap<string, string> | Record<string, string>;

function nameOf(names: Names, id: string): string {
  const name = names instanceof Map ? names.get(id) : (names as Record<string, string>)[id];
  return name ?? `organization ${id}`;
}

export function formatAddresses(addresses: readonly string[]): string {
  return addresses.length ? addresses.join(", ") : NONE;
}

const onOff = (value: boolean) => (value ? "on" : "off");

/** A type's delivery in words: "immediately", "hourly digest", "daily digest at 09:00". */
export function describeDelivery(own: Pick<TypeSettings, "delivery" | "digestAt">): string {
  if (own.delivery === "immediate") return "immediately";
  return own.delivery === "hourly" ? "hourly digest" : `daily digest at ${own.digestAt}`;
}
const severityWords = (limit: readonly Severity[] | undefined) =>
  severityLimitWords(limit) || "every severity";

/** A rule in words, e.g. "Incidents, Escalations to a@x.com (instead of account recipients)". */
export function describeRule(rule: OrganizationRule): string {
  const types = rule.types.map((type) => NOTIFICATION_TYPE_PLURALS[type]).join(", ") || NONE;
  const mode = rule.mode === "replace" ? "instead of" : "in addition to";
  const limit = severityLimitWords(rule.severities);
  return `${types}${limit ? ` (${limit})` : ""} to ${formatAddresses(rule.addresses)} (${mode} account recipients)`;
}

/**
 * The human-readable changes between two saved settings, in the order the form shows
 * them. Address lists compare as sets: re-ordering alone is not a change worth a line.
 */
export function diffSettings(
  before: EmailSettings,
  after: EmailSettings,
  organizationNames: Names = {},
): SettingChange[] {
  const changes: SettingChange[] = [];
  const push = (field: string, from: string, to: string) => {
    if (from !== to) changes.push({ field, from, to });
  };
  const pushList = (field: string, from: readonly string[], to: readonly string[]) => {
    if (!sameSet(from, to))
      changes.push({ field, from: formatAddresses(from), to: formatAddresses(to) });
  };

  push("Time zone", before.timeZone, after.timeZone);
  pushList("Default Notification Emails", before.defaults, after.defaults);

  for (const type of NOTIFICATION_TYPES) {
    const label = NOTIFICATION_TYPE_PLURALS[type];
    const from = before.types[type];
    const to = after.types[type];
    push(`${label}: Override Global Settings`, onOff(from.override), onOff(to.override));
    pushList(`${label}: override addresses`, from.addresses, to.addresses);
    push(
      `${label}: override severities`,
      severityWords(from.severities),
      severityWords(to.severities),
    );
    push(`${label}: resolved notifications`, onOff(from.resolved), onOff(to.resolved));
    push(`${label}: updates`, onOff(from.updates), onOff(to.updates));
    push(`${label}: reminders`, describeReminders(from.reminders), describeReminders(to.reminders));
    push(`${label}: delivery`, describeDelivery(from), describeDelivery(to));
  }

  const beforeRules = new Map(before.organizationRules.map((rule) => [rule.id, rule]));
  const afterIds = new Set(after.organizationRules.map((rule) => rule.id));
  for (const rule of before.organizationRules) {
    if (!afterIds.has(rule.id)) {
      changes.push({
        field: `Organization rule for ${nameOf(organizationNames, rule.organizationId)}`,
        from: describeRule(rule),
        to: "removed",
      });
    }
  }
  for (const rule of after.organizationRules) {
    const old = beforeRules.get(rule.id);
    const field = `Organization rule for ${nameOf(organizationNames, rule.organizationId)}`;
    if (!old) {
      changes.push({ field, from: "added", to: describeRule(rule) });
      continue;
    }
    const moved = old.organizationId !== rule.organizationId;
    const from = describeRule(old);
    const to = describeRule(rule);
    if (moved) {
      changes.push({
        field,
        from: `${nameOf(organizationNames, old.organizationId)}: ${from}`,
        to,
      });
    } else if (!sameRule(old, rule)) {
      changes.push({ field, from, to });
    }
  }
  diffWindows(before.maintenanceWindows, after.maintenanceWindows, organizationNames, changes);
  return changes;
}

/** A window in words: "2026-12-02 14:00 to 18:00: Server upgrade", ", weekly" when it repeats. */
export function describeWindow(window: MaintenanceWindow): string {
  const [startDay, startTime] = window.start.split("T");
  const [endDay, endTime] = window.end.split("T");
  const end = endDay === startDay ? endTime : `${endDay} ${endTime}`;
  return `${startDay} ${startTime} to ${end}${window.weekly ? ", weekly" : ""}: ${window.reason}`;
}

function windowField(window: MaintenanceWindow, names: Names): string {
  const who =
    window.organizationId === null ? "every organization" : nameOf(names, window.organizationId);
  return `Maintenance window for ${who}`;
}

function diffWindows(
  before: readonly MaintenanceWindow[],
  after: readonly MaintenanceWindow[],
  names: Names,
  changes: SettingChange[],
) {
  const old = new Map(before.map((window) => [window.id, window]));
  const kept = new Set(after.map((window) => window.id));
  for (const window of before) {
    if (!kept.has(window.id)) {
      changes.push({
        field: windowField(window, names),
        from: describeWindow(window),
        to: "removed",
      });
    }
  }
  for (const window of after) {
    const previous = old.get(window.id);
    const field = windowField(window, names);
    if (!previous) {
      changes.push({ field, from: "added", to: describeWindow(window) });
      continue;
    }
    const from = `${windowField(previous, names)}: ${describeWindow(previous)}`;
    if (from !== `${field}: ${describeWindow(window)}`) {
      changes.push({ field, from: describeWindow(previous), to: describeWindow(window) });
    }
    if (window.endedEarly && window.endedEarly.at !== previous.endedEarly?.at) {
      changes.push({ field, from: "on", to: "ended early" });
    }
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}

function sameRule(a: OrganizationRule, b: OrganizationRule): boolean {
  return (
    a.mode === b.mode &&
    sameSet(a.types, b.types) &&
    sameSet(a.addresses, b.addresses) &&
    severityWords(a.severities) === severityWords(b.severities)
  );
}
