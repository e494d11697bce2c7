import { db } from "@/db/client";
import { COUNT_CAP, listNotifications } from "@/db/queries/delivery-log";
import { errorAnswer } from "@/lib/api/errors";
import { getPortalSession } from "@/lib/auth/session";
import { csvRow } from "@/lib/core/csv";
import { type Cursor, parseNotificationFilters } from "@/lib/core/log-filters";

export const dynamic = "force-dynamic";

const HEADER = [
  "received_at_utc",
  "type",
  "event_status",
  "severity",
  "organization",
  "title",
  "host",
  "event_id",
  "state",
  "deliveries",
  "test",
  "notification_id",
];

/**
 * The delivery log as CSV, with the filters of the page's URL: every event (not folded by
 * alert), newest first, at most COUNT_CAP rows. Scoped by the session's account.
 */
export async function GET(request: Request) {
  const session = await getPortalSession();
  if (!session) return errorAnswer(401, "unauthorized", "Sign in to export notifications.");
  const filters = parseNotificationFilters(Object.fromEntries(new URL(request.url).searchParams));
  const accountId = session.account.id;
  const encoder = new TextEncoder();
  let before: Cursor | undefined;
  let written = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    // One page of 200 per pull: the whole export is never held in memory.
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvRow(HEADER)));
        return;
      }
      const page = await listNotifications(db, accountId, filters, {
        before,
        limit: 200,
        fold: false,
      });
      let text = "";
      for (const row of page.rows) {
        if (written >= COUNT_CAP) break;
        written += 1;
        text += csvRow([
          row.createdAt.toISOString(),
          row.type,
          row.eventStatus,
          row.severity,
          row.organizationName,
          row.title,
          row.host,
          row.eventId,
          row.state === "suppressed" ? `suppressed: ${row.suppressedReason ?? ""}` : row.state,
          row.summary.map(({ status, count }) => `${status}:${count}`).join(" "),
          row.isTest ? "yes" : "no",
          row.id,
        ]);
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (!page.next || written >= COUNT_CAP) controller.close();
      else before = page.next;
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="notifications-${session.account.slug}-${day}.csv"`,
      "cache-control": "private, no-store",
    },
  });
}
