import Link from "next/link";
import { When } from "@/app/_components/when";
import type { NotificationListRow } from "@/db/queries/delivery-log";
import { NOTIFICATION_TYPE_LABELS } from "@/lib/core/events";
import { SEVERITY_WORDS } from "@/lib/core/subject";
import { Badge } from "./status-badge";
import { deliveryWord } from "./status-words";

export function severityWord(severity: string | null): string {
  return severity
    ? (SEVERITY_WORDS[severity as keyof typeof SEVERITY_WORDS] ?? severity)
    : "Not given";
}

/** One line of the delivery log: what came in, for whom, and how its emails fared. */
export function NotificationRow({ row }: { row: NotificationListRow }) {
  return (
    <tr>
      <td>
        <When date={row.createdAt} seconds />
      </td>
      <td>
        {NOTIFICATION_TYPE_LABELS[row.type] ?? row.type}
        {row.eventStatus === "resolved" ? <span className="muted"> (resolved)</span> : null}
      </td>
      <td>{severityWord(row.severity)}</td>
      <td>{row.organizationName}</td>
      <td>
        <Link href={`/notifications/${row.id}`}>{row.subject}</Link>
        {row.isTest ? (
          <>
            {" "}
            <Badge tone="warn">Test</Badge>
          </>
        ) : null}
      </td>
      <td>
        <DeliverySummary row={row} />
      </td>
    </tr>
  );
}

function DeliverySummary({ row }: { row: NotificationListRow }) {
  if (row.state === "suppressed") {
    return (
      <>
        <Badge tone="neutral">suppressed</Badge>{" "}
        <span className="muted">{row.suppressedReason ?? "Not emailed."}</span>
      </>
    );
  }
  if (row.summary.length === 0) return <span className="muted">No recipients</span>;
  return (
    <span className="summary">
      {row.summary.map(({ status, count }, index) => (
        <span key={status}>
          {index > 0 ? " · " : ""}
          <Badge tone={deliveryWord(status).tone}>
            {count} {deliveryWord(status).word}
          </Badge>
        </span>
      ))}
    </span>
  );
}
