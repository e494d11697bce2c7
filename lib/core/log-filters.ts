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
};

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
  return {
    type: NOTIFICATION_TYPES.find((known) => known === type),
    status: status && Object.hasOwn(STATUS_FILTERS, status) ? (status as StatusFilter) : undefined,
    organizationId: organizationId && organizationId.length <= 200 ? organizationId : undefined,
  };
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
