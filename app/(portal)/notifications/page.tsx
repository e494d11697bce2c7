import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/app/_components/pager";
import { buttonClasses } from "@/app/_components/ui/button";
import { Table } from "@/app/_components/ui/table";
import { listOrganizations } from "@/db/accounts/organizations";
import { db } from "@/db/client";
import { countNotifications, listNotifications } from "@/db/queries/delivery-log";
import { isAdmin, requirePortalSession } from "@/lib/auth/session";
import { formatWhen } from "@/lib/core/dates";
import { NOTIFICATION_TYPE_LABELS } from "@/lib/core/events";
import {
  encodeCursor,
  filtersQuery,
  hasFilters,
  parseCursor,
  parseNotificationFilters,
} from "@/lib/core/log-filters";
import { FiltersForm } from "./filters-form";
import { LiveRefresh } from "./live-refresh";
import { NotificationRow } from "./notification-row";
import { RetryFailedForm } from "./retry-failed-form";

export const metadata: Metadata = { title: "Notifications" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const session = await requirePortalSession();
  const params = await searchParams;
  const filters = parseNotificationFilters(params);
  const before = parseCursor(params.before);
  const organizations = await listOrganizations(db, session.account.id);
  const page = await listNotifications(db, session.account.id, filters, { before });
  const total = await countNotifications(db, session.account.id, filters);
  const filtered = hasFilters(filters);
  const inProgress = page.rows.some((row) =>
    row.summary.some(({ status }) => status === "queued" || status === "sending"),
  );
  const failed = page.rows.some((row) =>
    row.summary.some(({ status }) => status === "failed" || status === "dead"),
  );
  const query = filtersQuery(filters);
  const formValues = Object.fromEntries(new URLSearchParams(query));

  return (
    <>
      <h1>Notifications</h1>
      <p className="muted">
        Every alert {session.account.name} received, newest first, one row per alert, and what
        happened to each recipient&apos;s email. Hover a time for the exact time in your zone.
      </p>

      <FiltersForm filters={filters} organizations={organizations} />
      <LiveRefresh active={inProgress} />

      <section aria-labelledby="log-heading" className="log">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="log-heading" className="m-0 text-base font-semibold" aria-live="polite">
            {total.capped
              ? `More than ${total.count.toLocaleString("en-US")}`
              : total.count.toLocaleString("en-US")}{" "}
            {total.count === 1 && !total.capped ? "notification" : "notifications"}
            {filtered ? " match" : ""}
          </h2>
          <div className="flex flex-wrap items-center gap-2">
            {/* Always there for admins, so its answer stays once the retried rows leave the list. */}
            {isAdmin(session) ? <RetryFailedForm filters={formValues} available={failed} /> : null}
            {total.count > 0 ? (
              <a
                href={`/notifications/export${query}`}
                className={buttonClasses({ size: "sm" })}
                download
              >
                Export CSV
              </a>
            ) : null}
          </div>
        </div>
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
                <code>/api/v1/accounts/{session.account.slug}/notifications</code> (see{" "}
                <Link href="/developers">Developers</Link>), or when an admin sends a test from{" "}
                <Link href="/previews">Email previews</Link>.
              </>
            )}
          </p>
        ) : (
          <Table
            layout="stack"
            columns={["Received", "Severity", "Alert", "Organization", "State", "Delivery"]}
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
          </Table>
        )}
        <Pager
          label="More notifications"
          newest={before ? `/notifications${query}` : undefined}
          older={
            page.next
              ? `/notifications${filtersQuery(filters, { before: encodeCursor(page.next) })}`
              : undefined
          }
          olderLabel="Older notifications"
        />
      </section>
    </>
  );
}
