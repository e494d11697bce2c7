import { clock } from "./clock";
import {
  type EventStatus,
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPE_PLURALS,
  NOTIFICATION_TYPES,
  type NotificationType,
  type Severity,
} from "./events";
import type { EmailSettings, OrganizationRule } from "./settings";
import { type DeliveryTiming, deliveryTiming, scheduleWords } from "./timing";

/*
 * THE routing function: real sends, previews, test sends and the "Who receives what"
 * summary all call `routeNotification`, so what the page shows is what happens.
 *
 * Precedence, for a notification of type T about organization O:
 *  1. A resolved follow-up of T is suppressed when T's resolved switch is off (no rule
 *     overrides that switch: it is the account's noise control).
 *  2. The account-level recipients are T's override list when "Override Global Settings"
 *     is on for T, otherwise the Default Notification Emails.
 *  3. Organization rules for O that cover T then apply:
 *     - if any of them is "replace" (instead of), the account-level recipients are dropped
 *       and the union of every matching replace rule's addresses is used, in rule order;
 *     - every matching "add" rule (in addition to) appends its addresses.
 *     So several matching rules never depend on their order except for address order.
 *  4. Recipients are lower-case and de-duplicated, first occurrence wins.
 *  5. The timing: at once, or held for T's hourly or daily digest in the account's time
 *     zone (lib/core/timing.ts); critical notifications always go at once.
 * With no recipient left (only possible with settings that never passed validation),
 * the notification is suppressed rather than sent nowhere silently.
 */

export type RouteInput = {
  type: NotificationType;
  status: EventStatus;
  /** organizations.id of the notification's organization, or null when it has none. */
  organizationId: string | null;
  /** Used only to word `reason`; the id decides. */
  organizationName?: string;
  /** A critical notification is never held for a digest. */
  severity?: Severity | null;
  /** When it is routed (for its digest slot); `clock.now()` unless given. */
  now?: number;
};

export type RouteResult =
  | { suppressed: true; reason: string }
  | { suppressed: false; recipients: string[]; reason: string; timing: DeliveryTiming };

export function matchingRules(
  settings: EmailSettings,
  type: NotificationType,
  organizationId: string | null,
): OrganizationRule[] {
  if (organizationId === null) return [];
  return settings.organizationRules.filter(
    (rule) => rule.organizationId === organizationId && rule.types.includes(type),
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

  const accountLevel = typeSettings.override ? typeSettings.addresses : settings.defaults;
  const accountReason = typeSettings.override
    ? `Override for ${NOTIFICATION_TYPE_PLURALS[input.type]}`
    : "Default Notification Emails";

  const rules = matchingRules(settings, input.type, input.organizationId);
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
  const timing = deliveryTiming(settings, input.type, input.severity, input.now ?? clock.now());
  return { suppressed: false, recipients, reason, timing };
}

export type SummaryRow = {
  type: NotificationType;
  /** Where an open notification of this type goes. */
  open: RouteResult;
  /** Where its resolved follow-up goes (suppressed when the switch is off). */
  resolved: RouteResult;
  /** When it is sent: "Immediately", "Hourly digest; critical ones immediately", … */
  when: string;
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
): RecipientSummary {
  const nameOf = (id: string) =>
    (organizationNames instanceof Map
      ? organizationNames.get(id)
      : (organizationNames as Record<string, string>)[id]) ?? "Unknown organization";
  const rows = (organizationId: string | null, organizationName?: string): SummaryRow[] =>
    NOTIFICATION_TYPES.map((type) => ({
      type,
      open: routeNotification(settings, { type, status: "open", organizationId, organizationName }),
      resolved: routeNotification(settings, {
        type,
        status: "resolved",
        organizationId,
        organizationName,
      }),
      when: scheduleWords(settings, type),
    }));
  const ruled = [...new Set(settings.organizationRules.map((rule) => rule.organizationId))];
  return {
    account: rows(null),
    organizations: ruled.map((organizationId) => ({
      organizationId,
      organizationName: nameOf(organizationId),
      rows: rows(organizationId, nameOf(organizationId)),
    })),
  };
}

function ruleWord(count: number, lower = false): string {
  const word = count === 1 ? "organization rule" : `${count} organization rules`;
  return lower || count !== 1 ? word : "Organization rule";
}

function unique(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((address) => address.toLowerCase()))];
}
