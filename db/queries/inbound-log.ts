import { and, desc, eq, gte, isNotNull } from "drizzle-orm";
import { REFUSAL_RETENTION_MS } from "@/db/inbound-refusals";
import type { Cursor } from "@/lib/core/log-filters";
import type { Executor } from "../client";
import { inboundRefusals, notifications } from "../schema";
import { olderThan, pageLimit } from "./paging";

/*
 * The inbound request log of the last 7 days: accepted requests are the notifications the
 * intake stored (their webhook-id and time: no extra write on the intake's path), refused
 * ones the rows of `inbound_refusals`. A repeated webhook-id answered as a duplicate is
 * neither: nothing new was stored for it.
 */

export type InboundEntry = {
  id: string;
  at: Date;
  webhookId: string | null;
  outcome: "accepted" | "refused";
  status: number;
  /** Accepted: queued or suppressed. Refused: our error code. */
  code: string;
  reason: string;
  fields: { field: string; message: string }[];
  /** Accepted: the notification it became (for a link) and its place in a batch. */
  notificationId: string | null;
  batchIndex: number | null;
};

export type InboundOutcome = "accepted" | "refused";

export function parseInboundOutcome(
  value: string | string[] | undefined,
): InboundOutcome | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "accepted" || first === "refused" ? first : undefined;
}

export async function inboundLog(
  db: Executor,
  accountId: string,
  options: { outcome?: InboundOutcome; before?: Cursor; limit?: number; now?: number } = {},
): Promise<{ rows: InboundEntry[]; next: Cursor | null }> {
  const limit = pageLimit(options.limit, 50);
  const since = new Date((options.now ?? Date.now()) - REFUSAL_RETENTION_MS);
  const accepted =
    options.outcome === "refused"
      ? []
      : (
          await db
            .select({
              id: notifications.id,
              at: notifications.createdAt,
              webhookId: notifications.webhookId,
              webhookIndex: notifications.webhookIndex,
              state: notifications.state,
              suppressedReason: notifications.suppressedReason,
              type: notifications.type,
              title: notifications.title,
            })
            .from(notifications)
            .where(
              and(
                eq(notifications.accountId, accountId),
                gte(notifications.createdAt, since),
                isNotNull(notifications.webhookId),
                olderThan(notifications.createdAt, notifications.id, options.before),
              ),
            )
            .orderBy(desc(notifications.createdAt), desc(notifications.id))
            .limit(limit + 1)
        ).map(
          (row): InboundEntry => ({
            id: row.id,
            at: row.at,
            webhookId: row.webhookId,
            outcome: "accepted",
            status: row.state === "suppressed" ? 200 : 202,
            code: row.state,
            reason:
              row.state === "suppressed"
                ? `Accepted, not emailed: ${row.suppressedReason ?? "suppressed"}`
                : `Accepted: ${row.title}`,
            fields: [],
            notificationId: row.id,
            batchIndex: row.webhookIndex >= 0 ? row.webhookIndex : null,
          }),
        );
  const refused =
    options.outcome === "accepted"
      ? []
      : (
          await db
            .select()
            .from(inboundRefusals)
            .where(
              and(
                eq(inboundRefusals.accountId, accountId),
                gte(inboundRefusals.createdAt, since),
                olderThan(inboundRefusals.createdAt, inboundRefusals.id, options.before),
              ),
            )
            .orderBy(desc(inboundRefusals.createdAt), desc(inboundRefusals.id))
            .limit(limit + 1)
        ).map(
          (row): InboundEntry => ({
            id: row.id,
            at: row.createdAt,
            webhookId: row.webhookId,
            outcome: "refused",
            status: row.status,
            code: row.code,
            reason: row.message,
            fields: row.fields,
            notificationId: null,
            batchIndex: null,
          }),
        );
  const merged = [...accepted, ...refused].sort(
    (a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  const rows = merged.slice(0, limit);
  const last = rows.at(-1);
  return {
    rows,
    next: merged.length > limit && last ? { at: last.at.getTime(), id: last.id } : null,
  };
}
