import { badgeClasses } from "@/app/_components/ui/badge";
import { Table } from "@/app/_components/ui/table";
import { NOTIFICATION_TYPE_PLURALS } from "@/lib/core/events";
import type { RecipientSummary, RouteResult, SummaryRow } from "@/lib/core/routing";

function Recipients({ result }: { result: RouteResult }) {
  if (result.suppressed) return <span className="text-muted-fg">Not emailed: {result.reason}</span>;
  return <>{result.recipients.join(", ")}</>;
}

function ResolvedCell({ row }: { row: SummaryRow }) {
  if (row.resolved.suppressed) return <span className={badgeClasses("warn")}>Not emailed</span>;
  if (!row.open.suppressed && sameList(row.open.recipients, row.resolved.recipients)) {
    return <>Same recipients</>;
  }
  return <Recipients result={row.resolved} />;
}

function sameList(a: string[], b: string[]) {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function SummaryTable({ caption, rows }: { caption: string; rows: SummaryRow[] }) {
  return (
    <Table
      layout="scroll"
      columns={["Notification type", "Sent to", "Resolved follow-ups", "When", "Why"]}
      caption={caption}
    >
      {rows.map((row) => (
        <tr key={row.type}>
          <th scope="row">{NOTIFICATION_TYPE_PLURALS[row.type]}</th>
          <td>
            <Recipients result={row.open} />
          </td>
          <td>
            <ResolvedCell row={row} />
          </td>
          <td>{row.when}</td>
          <td>{row.open.reason}</td>
        </tr>
      ))}
    </Table>
  );
}

/** The read-only "Who receives what", as computed by the routing function real sends use. */
export function RecipientSummaryTables({ summary }: { summary: RecipientSummary }) {
  return (
    <div className="flex flex-col gap-4">
      <SummaryTable
        caption={
          summary.organizations.length ? "Every organization without a rule" : "Every organization"
        }
        rows={summary.account}
      />
      {summary.organizations.map((org) => (
        <SummaryTable key={org.organizationId} caption={org.organizationName} rows={org.rows} />
      ))}
    </div>
  );
}
