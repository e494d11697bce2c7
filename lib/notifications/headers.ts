import { createHash } from "node:crypto";
import type { EventStatus, NotificationEvent, NotificationType } from "./events";
import { toHeaderText } from "./subject";

/*
 * The headers every Beacon email carries, for mail rules, auto-responders and threading.
 * Values are folded to one line here, so nothing from a payload can inject a header.
 */

export const DEFAULT_MESSAGE_ID_DOMAIN = "beacon.localhost";

// A hostname: labels of letters, digits and hyphens, not starting or ending with a hyphen.
const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The right-hand side of a Message-ID: the sending domain when it is a plain hostname. */
export function messageIdDomain(fromDomain: string | undefined): string {
  const domain = fromDomain?.trim().toLowerCase();
  return domain && HOSTNAME.test(domain) ? domain : DEFAULT_MESSAGE_ID_DOMAIN;
}

function digest(parts: readonly string[]): string {
  // JSON keeps the parts apart, so ("a:b", "c") and ("a", "b:c") never collide.
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 40);
}

/**
 * The stable Message-ID of the email about one event in one status for one account. The
 * same inputs always give the same id, so the resolved follow-up can point at the open
 * email's id without looking it up, and a resend of the same email keeps its id. Ids are
 * hashed, so any characters in them are safe.
 */
export function notificationMessageId(input: {
  accountId: string;
  type: NotificationType;
  eventId: string;
  status: EventStatus;
  fromDomain?: string;
}): string {
  const hash = digest(["event", input.accountId, input.type, input.eventId, input.status]);
  return `<${input.status}.${hash}@${messageIdDomain(input.fromDomain)}>`;
}

/** Test sends get an id of their own (from the notification id) so they never join a real thread. */
export function testMessageId(input: {
  accountId: string;
  notificationId: string;
  fromDomain?: string;
}): string {
  const hash = digest(["test", input.accountId, input.notificationId]);
  return `<test.${hash}@${messageIdDomain(input.fromDomain)}>`;
}

export type HeaderContext = {
  accountId: string;
  notificationId: string;
  isTest?: boolean;
  fromDomain?: string;
};

export function notificationHeaders(
  event: NotificationEvent,
  ctx: HeaderContext,
): Record<string, string> {
  const headers: Record<string, string> = {
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
    "X-Beacon-Notification-Type": event.type,
    "X-Beacon-Status": event.status,
    "X-Beacon-Severity": event.severity ?? "none",
    "X-Beacon-Organization": toHeaderText(event.organization.name),
    "X-Beacon-Organization-Id": toHeaderText(event.organization.id),
    "X-Beacon-Notification-Id": toHeaderText(ctx.notificationId),
    "X-Beacon-Event-Id": toHeaderText(event.id),
  };
  if (ctx.isTest) {
    headers["X-Beacon-Test"] = "true";
    headers["Message-ID"] = testMessageId(ctx);
    return headers;
  }
  const ids = {
    accountId: ctx.accountId,
    type: event.type,
    eventId: event.id,
    fromDomain: ctx.fromDomain,
  };
  headers["Message-ID"] = notificationMessageId({ ...ids, status: event.status });
  if (event.status === "resolved") {
    const original = notificationMessageId({ ...ids, status: "open" });
    headers["In-Reply-To"] = original;
    headers.References = original;
  }
  return headers;
}
