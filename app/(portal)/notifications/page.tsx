import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import { Pager } from "@/app/_components/pager";
import { listOrganizations } from "@/db/accounts/organizations";
import { db } from "@/db/client";
import { listNotifications } from "@/db/queries/delivery-log";
import { requirePortalSession } from "@/lib/auth/session";
import { formatWhen } from "@/lib/core/dates";
import { NOTIFICATION_TYPE_LABELS } from "@/lib/core/events";
import {
  encodeCursor,
  type NotificationFilters,
  parseCursor,
  parseNotificationFilters,
} from "@/lib/core/log-filters";
import { FiltersForm } from "./filters-form";
import { LiveRefresh } from "./live-refresh";
import { NotificationRow } from "./notification-row";

export const metadata: Metadata = { title: "Notifications" };

type SearchParams = Record<string, string | string[] | undefined>;

function filterQuery(filters: NotificationFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  if (filters.type) query.set("type", filters.type);
  if (filters.status) query.set("status", filters.status);
  if (filters.organizationId) query.set("organization", filters.organizationId);
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const session = await requirePortalSession();
  const params = await searchParams;
  const filters = parseNotificationFilters(params);
  const before = parseCursor(params.before);
  const organizations = listOrganizations(db, session.account.id);
  const page = listNotifications(db, session.account.id, filters, { before });
  const filtered = Boolean(filters.type || filters.status || filters.organizationId);
  const inProgress = page.rows.some((row) =>
    row.summary.some(({ status }) => status === "queued" || status === "sending"),
  );

  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">
        Every alert {session.account.name} received, newest first, and what happened to each
        recipient&apos;s email. Times are in UTC.
      </p>

      <FiltersForm filters={filters} organizations={organizations} />
      <LiveRefresh active={inProgress} />

      <section aria-labelledby="log-heading" className="log">
        <h2 id="log-heading" className="visually-hidden">
          Delivery log
        </h2>
        {page.rows.length === 0 ? (
          <p className="panel">
            {filtered ? (
              <>
                No notification matches these filters.{" "}
                <Link href="/notifications">Show all notifications</Link>.
              </>
            ) : before ? (
              <>
                No older notifications. <Link href="/notifications">Back to the newest</Link>.
              </>
            ) : (
              <>
                No notifications yet. They appear here when the detection platform posts an event to{" "}
                <code>/api/v1/accounts/{session.account.slug}/notifications</code>, or when an admin
                sends a test from <Link href="/previews">Email previews</Link>.
              </>
            )}
          </p>
        ) : (
          <DataTable
            columns={["Received", "Type", "Severity", "Organization", "Subject", "Delivery"]}
            caption={
              <>
                Notifications
                {filters.type ? `, type ${NOTIFICATION_TYPE_LABELS[filters.type]}` : ""}
                {before ? `, older than ${formatWhen(new Date(before.at), { seconds: true })}` : ""}
              </>
            }
            captionHidden
          >
            {page.rows.map((row) => (
              <NotificationRow key={row.id} row={row} />
            ))}
          </DataTable>
        )}
        <Pager
          label="More notifications"
          newest={before ? `/notifications${filterQuery(filters)}` : undefined}
          older={
            page.next
              ? `/notifications${filterQuery(filters, { before: encodeCursor(page.next) })}`
              : undefined
          }
          olderLabel="Older notifications"
        />
      </section>
    </>
  );
}
