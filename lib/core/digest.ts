import { createHash } from "node:crypto";
import { NOTIFICATION_TYPES, type NotificationEvent, type NotificationType } from "./events";
import { messageIdDomain } from "./headers";
import { toHeaderText } from "./subject";

/*
 * A digest email: one per recipient and digest slot, the period's held notifications grouped
 * by organization (a count per type, then each item's subject line, severity and link).
 * Pure: the scheduler (lib/delivery/digests.ts) reads the items, the template
 * (emails/digest.tsx) shows this shape, the previews show it with sample data.
 */

/** A notification's type in the log: an event type, or "digest" for a digest email. */
export type LoggedType = NotificationType | "digest";

export type DigestItem = {
  notificationId: string;
  type: NotificationType;
  subject: string;
  severity: string | null;
  organizationName: string;
  /** The event's own https link, when it has one. */
  url: string | null;
  receivedAt: number;
};

export type DigestOrganization = {
  name: string;
  counts: { type: NotificationType; count: number }[];
  items: DigestItem[];
};

export type DigestContent = {
  /** "15:00": the slot's local time, as the digest is named. */
  at: string;
  timeZone: string;
  total: number;
  organizations: DigestOrganization[];
};

/** The link an event's own email leads to: its report, its response page or its notice. */
export function eventLink(event: NotificationEvent): string | null {
  switch (event.type) {
    case "incident":
      return event.report_url;
    case "escalation":
      return event.respond_url;
    case "platform_action":
      return event.report_url ?? null;
    case "account_notice":
      return event.url ?? null;
  }
}

/** Groups items by organization (by name, alphabetically), oldest item first in each. */
export function digestContent(
  items: readonly DigestItem[],
  at: string,
  timeZone: string,
): DigestContent {
  const byOrganization = new Map<string, DigestItem[]>();
  for (const item of [...items].sort((a, b) => a.receivedAt - b.receivedAt)) {
    const list = byOrganization.get(item.organizationName) ?? [];
    list.push(item);
    byOrganization.set(item.organizationName, list);
  }
  const organizations = [...byOrganization.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => ({
      name,
      counts: NOTIFICATION_TYPES.map((type) => ({
        type,
        count: list.filter((item) => item.type === type).length,
      })).filter((entry) => entry.count > 0),
      items: list,
    }));
  return { at, timeZone, total: items.length, organizations };
}

/**
 * `Beacon Digest 15:00 | 12 notifications from 3 organizations`: its own shape, with no
 * organization in parentheses at the end, so the regular expressions for alert subjects
 * (SUBJECT_PATTERN and its POSIX form) never match a digest.
 */
export function digestSubject(content: DigestContent): string {
  const notifications = `${content.total} notification${content.total === 1 ? "" : "s"}`;
  const orgs = content.organizations.length;
  return toHeaderText(
    `Beacon Digest ${content.at} | ${notifications} from ${orgs} organization${orgs === 1 ? "" : "s"}`,
  );
}

export const DIGEST_SUBJECT =
  /^Beacon Digest ([0-2]\d:[0-5]\d) \| (\d+) notifications? from (\d+) organizations?$/;

/** The digest's headers: machine-sent mail with a Message-ID of its own per recipient and slot. */
export function digestHeaders(input: {
  accountId: string;
  notificationId: string;
  recipient: string;
  slot: number;
  fromDomain?: string;
}): Record<string, string> {
  const hash = createHash("sha256")
    .update(JSON.stringify(["digest", input.accountId, input.recipient, input.slot]))
    .digest("hex")
    .slice(0, 40);
  return {
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
    "X-Beacon-Notification-Type": "digest",
    "X-Beacon-Notification-Id": toHeaderText(input.notificationId),
    "Message-ID": `<digest.${hash}@${messageIdDomain(input.fromDomain)}>`,
  };
}

/** The digest notification's event id: one per account, recipient and slot (a unique key). */
export function digestEventId(recipient: string, slot: number): string {
  return `digest:${slot}:${recipient.toLowerCase()}`;
}
