import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/app/_components/pager";
import { RelativeTime } from "@/app/_components/relative-time";
import { Badge } from "@/app/_components/ui/badge";
import { buttonClasses } from "@/app/_components/ui/button";
import { Table, Td, Tr } from "@/app/_components/ui/table";
import { db } from "@/db/client";
import { type InboundOutcome, inboundLog, parseInboundOutcome } from "@/db/queries/inbound-log";
import { requirePortalSession } from "@/lib/auth/session";
import { encodeCursor, parseCursor } from "@/lib/core/log-filters";

export const metadata: Metadata = { title: "Inbound request log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const OUTCOMES: { value: InboundOutcome | undefined; label: string }[] = [
  { value: undefined, label: "All" },
  { value: "accepted", label: "Accepted" },
  { value: "refused", label: "Refused" },
];

function href(outcome: InboundOutcome | undefined, before?: string): string {
  const params = new URLSearchParams();
  if (outcome) params.set("outcome", outcome);
  if (before) params.set("before", before);
  const query = params.toString();
  return `/developers/requests${query ? `?${query}` : ""}`;
}

/**
 * Every request to this account's webhook in the last 7 days: the accepted ones (one row per
 * stored event) and the refused ones with Beacon's reason and the fields it named. A refused
 * request's body is never kept, so it is never shown.
 */
export default async function InboundRequestsPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const session = await requirePortalSession();
  const params = await searchParams;
  const outcome = parseInboundOutcome(params.outcome);
  const before = parseCursor(params.before);
  const page = await inboundLog(db, session.account.id, { outcome, before });
  return (
    <>
      <h1>Inbound request log</h1>
      <p className="muted">
        Requests to <code>/api/v1/accounts/{session.account.slug}/notifications</code> in the last 7
        days, newest first. A refused request&apos;s body is not kept: only Beacon&apos;s answer.
        Requests for an unknown account, and repeats answered as duplicates, are not listed.{" "}
        <Link href="/developers">API reference and Send test event</Link>
      </p>
      <nav aria-label="Outcome" className="mt-3 flex flex-wrap gap-1">
        {OUTCOMES.map((choice) => (
          <Link
            key={choice.label}
            href={href(choice.value)}
            aria-current={choice.value === outcome ? "page" : undefined}
            className={buttonClasses({
              variant: choice.value === outcome ? "secondary" : "quiet",
              size: "sm",
            })}
          >
            {choice.label}
          </Link>
        ))}
      </nav>
      {page.rows.length === 0 ? (
        <p className="mt-4">No {outcome ?? ""} requests in the last 7 days.</p>
      ) : (
        <Table
          caption="Inbound requests"
          captionHidden
          columns={["Time", "webhook-id", "Answer", "Reason"]}
          className="mt-3"
        >
          {page.rows.map((row) => (
            <Tr key={row.id}>
              <Td label="Time">
                <RelativeTime date={row.at} />
              </Td>
              <Td label="webhook-id">
                <code className="break-all">{row.webhookId ?? "(none)"}</code>
                {row.batchIndex !== null ? (
                  <span className="text-sm text-muted-fg"> (batch item {row.batchIndex})</span>
                ) : null}
              </Td>
              <Td label="Answer">
                <Badge tone={row.outcome === "accepted" ? "ok" : "danger"}>
                  {row.status} {row.outcome === "accepted" ? "Accepted" : "Refused"}
                </Badge>{" "}
                <code className="text-sm">{row.code}</code>
              </Td>
              <Td label="Reason">
                {row.notificationId ? (
                  <Link href={`/notifications/${row.notificationId}`}>{row.reason}</Link>
                ) : (
                  row.reason
                )}
                {row.fields.length ? (
                  <ul className="m-0 mt-1 pl-5 text-sm">
                    {row.fields.map((field) => (
                      <li key={field.field}>
                        <code>{field.field}</code>: {field.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </Td>
            </Tr>
          ))}
        </Table>
      )}
      <Pager
        label="More requests"
        newest={before ? href(outcome) : undefined}
        older={page.next ? href(outcome, encodeCursor(page.next)) : undefined}
        olderLabel="Older requests"
      />
    </>
  );
}
