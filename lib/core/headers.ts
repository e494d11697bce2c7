import crypto from "node:crypto";
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
  return crypto.hash("sha256", JSON.stringify(parts), "hex").slice(0, 40);
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
  /** An update's `updated_at`: each update of one event is an email of its own. */
  updatedAt?: string;
  fromDomain?: string;
}): string {
  const parts = ["event", input.accountId, input.type, input.eventId, input.status];
  if (input.status === "updated") parts.push(input.updatedAt ?? "");
  const hash = digest(parts);
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
  /**
   * Whether Beacon accepted the event's open notification. An update of an alert it never
   * saw goes out unthreaded: its In-Reply-To would name an email nobody received.
   */
  originalSeen?: boolean;
  /** Beacon's reminder number `n` of an open alert (the event is the alert's open event). */
  reminder?: number;
};

// Printable ASCII only: anything else in a header value must be MIME-encoded (RFC 2047).
const PLAIN_HEADER_TEXT = /^[\x20-\x7e]*$/;
// An encoded word is at most 75 characters: "=?UTF-8?B?" + base64 + "?=" leaves 63 for the
// base64, i.e. 45 bytes of UTF-8 per word (whole characters only).
const ENCODED_WORD_BYTES = 45;

/**
 * A header value as mail servers accept it: one line, and non-ASCII text (an organization
 * called Müller Zahnärzte) as RFC 2047 encoded words, which mail clients and Sieve's header
 * tests decode back before matching.
 */
export function encodeHeaderValue(value: string): string {
  const text = toHeaderText(value);
  if (PLAIN_HEADER_TEXT.test(text)) return text;
  const words: string[] = [];
  let chunk = "";
  for (const character of text) {
    if (Buffer.byteLength(chunk + character) > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += character;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString("base64")}?=`).join(" ");
}

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
    "X-Beacon-Organization": encodeHeaderValue(event.organization.name),
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
  if (ctx.reminder !== undefined) {
    const hash = digest(["reminder", ctx.accountId, event.type, event.id, String(ctx.reminder)]);
    const original = notificationMessageId({ ...ids, status: "open" });
    headers["X-Beacon-Reminder"] = String(ctx.reminder);
    headers["Message-ID"] = `<reminder.${hash}@${messageIdDomain(ctx.fromDomain)}>`;
    headers["In-Reply-To"] = original;
    headers.References = original;
    return headers;
  }
  headers["Message-ID"] = notificationMessageId({
    ...ids,
    status: event.status,
    updatedAt: event.updated_at,
  });
  if (event.status === "resolved" || (event.status === "updated" && ctx.originalSeen !== false)) {
    const original = notificationMessageId({ ...ids, status: "open" });
    headers["In-Reply-To"] = original;
    headers.References = original;
  }
  return headers;
}
