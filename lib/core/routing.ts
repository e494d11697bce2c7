import { clock } from "./clock";
import {
  type EventStatus,
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPE_PLURALS,
  NOTIFICATION_TYPES,
  type NotificationType,
  SEVERITIES,
  SEVERITY_REQUIRED,
  type Severity,
} from "./events";
import type { ReminderSettings } from "./reminders";
import type { EmailSettings, OrganizationRule } from "./settings";
import { type DeliveryTiming, deliveryTiming, timingSummary } from "./timing";

/*
 * THE routing function: real sends, previews, test sends and the "Who receives what"
 * summary all call `routeNotification`, so what the page shows is what happens.
 *
 * Precedence, for a notification of type T about organization O:
 *  1. A resolved follow-up of T is suppressed when T's resolved switch is off, an update
 *     when T's updates switch is off (no rule overrides those switches: they are the
 *     account's noise control). An update of a known alert goes to the original's
 *     recipients instead of these rules (see `updatePlan` in the intake).
 *  2. The account-level recipients are T's override list when "Override Global Settings"
 *     is on for T and covers the notification's severity, otherwise the Default
 *     Notification Emails.
 *  3. Organization rules for O that cover T and the severity then apply:
 *     - if any of them is "replace" (instead of), the account-level recipients are dropped
 *       and the union of every matching replace rule's addresses is used, in rule order;
 *     - every matching "add" rule (in addition to) appends its addresses.
 *     So several matching rules never depend on their order except for address order.
 *  4. Recipients are lower-case and de-duplicated, first occurrence wins.
 *  5. The timing: at once, or held for T's hourly or daily digest in the account's time
 *     zone, or by a maintenance window on O until it ends (lib/core/timing.ts); critical
 *     notifications always go at once.
 * An override or rule limited to some severities ("critical only") covers a notification
 * only when it has one of them; one that covers every severity also covers notifications
 * without a severity (Platform Actions and Account Notices may have none).
 * With no recipient left (only possible with settings that never passed validation),
 * the notification is suppressed rather than sent nowhere silently.
 */

export type RouteInput = {
  type: NotificationType;
  status: EventStatus;
  /** The event's severity; null when its type allows none and it has none. */
  severity: Severity | null;
  /** organizations.id of the notification's organization, or null when it has none. */
  organizationId: string | null;
  /** Used only to word `reason`; the id decides. */
  organizationName?: string;
  /** When it is routed (for its digest slot); `clock.now()` unless given. */
  now?: number;
};

export type RouteResult =
  | { suppressed: true; reason: string }
  | { suppressed: false; recipients: string[]; reason: string; timing: DeliveryTiming };

/** Whether a severity limit covers a notification of `severity` (see the precedence above). */
export function coversSeverity(
  limit: readonly Severity[] | undefined,
  severity: Severity | null,
): boolean {
  if (!limit || limit.length >= SEVERITIES.length) return true;
  return severity !== null && limit.includes(severity);
}

/** "critical only", "critical and high only"; empty when the limit covers every severity. */
export function severityLimitWords(limit: readonly Severity[] | undefined): string {
  if (!limit || limit.length >= SEVERITIES.length) return "";
  const list = limit.length > 1 ? `${limit.slice(0, -1).join(", ")} and ${limit.at(-1)}` : limit[0];
  return `${list} only`;
}

export function matchingRules(
  settings: EmailSettings,
  input: Pick<RouteInput, "type" | "severity" | "organizationId">,
): OrganizationRule[] {
  const { organizationId } = input;
  if (organizationId === null) return [];
  return settings.organizationRules.filter(
    (rule) =>
      rule.organizationId === organizationId &&
      rule.types.includes(input.type) &&
      coversSeverity(rule.severities, input.severity),
  );
}

export function routeNotification(settings: EmailSettings, input: RouteInput): RouteResult {
  const typeSettings = settings.types[input.type];
  if (input.status === "resolved" && !typeSettings.resolved) {
    return {
      suppressed: true,
      reason: `Resolved ${NOTIFICATION_TYPE_LABELS[input.type]} notifications are switched off`,
    };
  }
  if (input.status === "updated" && !typeSettings.updates) {
    return {
      suppressed: true,
      reason: `Updates of ${NOTIFICATION_TYPE_PLURALS[input.type]} are switched off`,
    };
  }

  const override = typeSettings.override && coversSeverity(typeSettings.severities, input.severity);
  const accountLevel = override ? typeSettings.addresses : settings.defaults;
  const limit = severityLimitWords(typeSettings.severities);
  const accountReason = override
    ? `Override for ${NOTIFICATION_TYPE_PLURALS[input.type]}${limit ? ` (${limit})` : ""}`
    : "Default Notification Emails";

  const rules = matchingRules(settings, input);
  const replaceRules = rules.filter((rule) => rule.mode === "replace");
  const addRules = rules.filter((rule) => rule.mode === "add");
  const orgName = input.organizationName ?? "this organization";

  let recipients: string[];
  let reason: string;
  if (replaceRules.length > 0) {
    recipients = unique([...replaceRules, ...addRules].flatMap((rule) => rule.addresses));
    reason = `${ruleWord(replaceRules.length)} for ${orgName} (instead of account recipients)`;
    if (addRules.length > 0) reason += `, plus ${ruleWord(addRules.length, true)} in addition`;
  } else {
    recipients = unique([...accountLevel, ...addRules.flatMap((rule) => rule.addresses)]);
    reason =
      addRules.length > 0
        ? `${accountReason}, plus ${ruleWord(addRules.length, true)} for ${orgName} (in addition)`
        : accountReason;
  }

  if (recipients.length === 0) {
    return {
      suppressed: true,
      reason: `No recipients: ${accountReason} is empty`,
    };
  }
  const timing = deliveryTiming(settings, input, input.now ?? clock.now());
  return { suppressed: false, recipients, reason, timing };
}

/** Where one notification type goes for some of its severities. */
export type SummaryCase = {
  /** The severities this case covers (null: no severity); null when severity makes no difference. */
  severities: (Severity | null)[] | null;
  /** Where an open notification goes. */
  open: RouteResult;
  /** Where its resolved follow-up goes (suppressed when the switch is off). */
  resolved: RouteResult;
  /** When the open notification is sent: "Immediately", "Hourly digest", … ("" when not emailed). */
  when: string;
};

export type SummaryRow = {
  type: NotificationType;
  /** One case when severity changes nothing, else one per distinct outcome, most severe first. */
  cases: SummaryCase[];
  /**
   * Whether its updates are emailed (suppressed when the switch is off); when they are, they
   * go to the recipients the original had, whatever its severity.
   */
  updates: RouteResult;
  /** Its reminders while open (sent, like updates, to the original's recipients). */
  reminders: ReminderSettings;
};

export type RecipientSummary = {
  /** Every organization without a rule (and notifications with no organization). */
  account: SummaryRow[];
  /** One block per organization that has at least one rule, in first-rule order. */
  organizations: { organizationId: string; organizationName: string; rows: SummaryRow[] }[];
};

/** The read-only "Who receives what" table, computed by `routeNotification` itself. */
export function recipientSummary(
  settings: EmailSettings,
  organizationNames: ReadonlyMap<string, string> | Record<string, string>,
  /** What is held now depends on the time (digest slots, windows that are on). */
  now: number = clock.now(),
): RecipientSummary {
  const nameOf = (id: string) =>
    (organizationNames instanceof Map
      ? organizationNames.get(id)
      : (organizationNames as Record<string, string>)[id]) ?? "Unknown organization";
  const rows = (organizationId: string | null, organizationName?: string): SummaryRow[] =>
    NOTIFICATION_TYPES.map((type) => ({
      type,
      cases: summaryCases(settings, type, organizationId, organizationName, now),
      updates: routeNotification(settings, {
        type,
        status: "updated",
        severity: null,
        organizationId,
        organizationName,
      }),
      reminders: settings.types[type].reminders,
    }));
  // Organizations with a rule or a maintenance window of their own each get a block.
  const ruled = [
    ...new Set([
      ...settings.organizationRules.map((rule) => rule.organizationId),
      ...settings.maintenanceWindows.flatMap((window) =>
        window.organizationId ? [window.organizationId] : [],
      ),
    ]),
  ];
  return {
    account: rows(null),
    organizations: ruled.map((organizationId) => ({
      organizationId,
      organizationName: nameOf(organizationId),
      rows: rows(organizationId, nameOf(organizationId)),
    })),
  };
}

/** Routes every severity the type can have and merges the ones that end the same. */
function summaryCases(
  settings: EmailSettings,
  type: NotificationType,
  organizationId: string | null,
  organizationName: string | undefined,
  now: number,
): SummaryCase[] {
  const severities: (Severity | null)[] = SEVERITY_REQUIRED[type]
    ? [...SEVERITIES]
    : [...SEVERITIES, null];
  const cases: SummaryCase[] = [];
  for (const severity of severities) {
    const route = (status: EventStatus) =>
      routeNotification(settings, {
        type,
        status,
        severity,
        organizationId,
        organizationName,
        now,
      });
    const open = route("open");
    const resolved = route("resolved");
    const same = cases.find(
      (known) => sameRoute(known.open, open) && sameRoute(known.resolved, resolved),
    );
    if (same) same.severities?.push(severity);
    else {
      const when = open.suppressed ? "" : timingSummary(open.timing, settings.timeZone);
      cases.push({ severities: [severity], open, resolved, when });
    }
  }
  return cases.length === 1 ? [{ ...cases[0]!, severities: null }] : cases;
}

function sameRoute(a: RouteResult, b: RouteResult): boolean {
  if (a.reason !== b.reason || a.suppressed !== b.suppressed) return false;
  if (a.suppressed || b.suppressed) return true;
  // A critical notification that skips its type's digest is an outcome of its own.
  return a.recipients.join() === b.recipients.join() && a.timing.mode === b.timing.mode;
}

function ruleWord(count: number, lower = false): string {
  const word = count === 1 ? "organization rule" : `${count} organization rules`;
  return lower || count !== 1 ? word : "Organization rule";
}

function unique(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((address) => address.toLowerCase()))];
}
