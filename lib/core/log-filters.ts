import type { DeliveryStatus } from "./delivery-status";
import { NOTIFICATION_TYPES, type NotificationType } from "./events";

/*
 * The delivery log's filters and paging as the URL carries them: parsed here, with no
 * database, so an unknown value is dropped rather than trusted.
 */

/**
 * What a person filtering the log means by a status, mapped to delivery statuses. A
 * notification matches when at least one of its deliveries is in the group; "suppressed"
 * matches notifications that were never emailed.
 */
export const STATUS_FILTERS = {
  waiting: ["queued", "sending"],
  held: ["held"],
  digested: ["digested"],
  sent: ["sent", "delivery_delayed"],
  delivered: ["delivered"],
  undelivered: ["failed", "dead", "bounced", "complained"],
  failed: ["failed"],
  dead: ["dead"],
  bounced: ["bounced"],
  complained: ["complained"],
  suppressed: [],
} as const satisfies Record<string, readonly DeliveryStatus[]>;
export type StatusFilter = keyof typeof STATUS_FILTERS;

/** Outcomes that mean the mail did not and will not reach the inbox by itself. */
export const UNDELIVERED_STATUSES = STATUS_FILTERS.undelivered;

export type NotificationFilters = {
  type?: NotificationType;
  status?: StatusFilter;
  organizationId?: string;
  /** Text searched in the title, host, event id and organization, or a recipient's address. */
  q?: string;
  /** Received at or after `from` and before `to` (ms); from the URL's UTC days. */
  from?: number;
  to?: number;
};

export const MAX_SEARCH_LENGTH = 200;
const DAY_MS = 86_400_000;

/** A `YYYY-MM-DD` day of the URL as its first millisecond in UTC, or undefined. */
export function parseDay(value: string | undefined): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  if (!match) return undefined;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(at).toISOString().startsWith(value ?? "") ? at : undefined;
}

export function formatDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * The text search as an FTS5 query: each word a phrase of its letters and digits ("web-01"
 * is the phrase "web 01"), the last token of each a prefix, all words required. Nothing a
 * person types can be an FTS operator: only letters and digits reach the query.
 */
export function searchExpression(q: string): string | null {
  const words = q
    .split(/\s+/)
    .map((word) => word.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((tokens) => tokens.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((tokens) => `"${tokens.join(" ")}"*`).join(" AND ");
}

/** The search as a recipient's address, when it looks like one. */
export function searchAddress(q: string): string | null {
  const trimmed = q.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed : null;
}

type SearchParams = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

/** Reads the filter form's GET parameters; an unknown value is dropped rather than trusted. */
export function parseNotificationFilters(params: SearchParams): NotificationFilters {
  const type = single(params.type);
  const status = single(params.status);
  const organizationId = single(params.organization);
  const q = single(params.q)?.slice(0, MAX_SEARCH_LENGTH);
  const from = parseDay(single(params.from));
  const toDay = parseDay(single(params.to));
  return {
    type: NOTIFICATION_TYPES.find((known) => known === type),
    status: status && Object.hasOwn(STATUS_FILTERS, status) ? (status as StatusFilter) : undefined,
    organizationId: organizationId && organizationId.length <= 200 ? organizationId : undefined,
    q: q && (searchExpression(q) || searchAddress(q)) ? q : undefined,
    from,
    // The "to" day is included: the range ends where the next day begins.
    to: toDay === undefined ? undefined : toDay + DAY_MS,
  };
}

/** The filters as the URL's query ("" or "?type=incident&q=web-01"), plus any extra values. */
export function filtersQuery(
  filters: NotificationFilters,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams();
  if (filters.q) query.set("q", filters.q);
  if (filters.type) query.set("type", filters.type);
  if (filters.status) query.set("status", filters.status);
  if (filters.organizationId) query.set("organization", filters.organizationId);
  if (filters.from !== undefined) query.set("from", formatDay(filters.from));
  if (filters.to !== undefined) query.set("to", formatDay(filters.to - DAY_MS));
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

export function hasFilters(filters: NotificationFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}

/** Keyset cursor: the time and id of the last row shown, so new rows never shift a page. */
export type Cursor = { at: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.at}_${cursor.id}`;
}

export function parseCursor(value: string | string[] | undefined): Cursor | undefined {
  const match = /^(\d{1,15})_([\w-]{1,100})$/.exec(single(value) ?? "");
  return match ? { at: Number(match[1]), id: match[2] ?? "" } : undefined;
}

export const PAGE_SIZE = 50;

export type Page<T> = { rows: T[]; next: Cursor | null };
