import { badgeClasses } from "@/app/_components/ui/badge";
import { Table } from "@/app/_components/ui/table";
import { NOTIFICATION_TYPE_PLURALS, type Severity } from "@/lib/core/events";
import { describeReminders } from "@/lib/core/reminders";
import type { RecipientSummary, RouteResult, SummaryCase, SummaryRow } from "@/lib/core/routing";
import { SEVERITY_WORDS } from "@/lib/core/subject";

function Recipients({ result }: { result: RouteResult }) {
  if (result.suppressed) return <span className="text-muted-fg">Not emailed: {result.reason}</span>;
  return <>{result.recipients.join(", ")}</>;
}

function ResolvedCell({ one }: { one: SummaryCase }) {
  if (one.resolved.suppressed) return <span className={badgeClasses("warn")}>Not emailed</span>;
  if (!one.open.suppressed && sameList(one.open.recipients, one.resolved.recipients)) {
    return <>Same recipients</>;
  }
  return <Recipients result={one.resolved} />;
}

function UpdatesCell({ row }: { row: SummaryRow }) {
  if (row.updates.suppressed) return <span className={badgeClasses("warn")}>Not emailed</span>;
  return <>The original&apos;s recipients</>;
}

function sameList(a: string[], b: string[]) {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** "Critical", "High and Low", "No severity": which events of the type a row is about. */
function severityLabel(severities: (Severity | null)[]): string {
  const words = severities.map((severity) =>
    severity === null ? "No severity" : SEVERITY_WORDS[severity],
  );
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : words[0]!;
}

function TypeRows({ row }: { row: SummaryRow }) {
  const plural = NOTIFICATION_TYPE_PLURALS[row.type];
  return row.cases.map((one) => (
    <tr key={one.severities?.join() ?? "all"}>
      {/* One row per distinct outcome; the type's name says which severities it covers. */}
      <th scope="row">{one.severities ? `${plural}: ${severityLabel(one.severities)}` : plural}</th>
      <td>
        <Recipients result={one.open} />
      </td>
      <td>
        <ResolvedCell one={one} />
      </td>
      <td>{one.when}</td>
      {/* Updates and reminders follow the original, whatever its severity: the same on each row. */}
      <td>
        <UpdatesCell row={row} />
      </td>
      <td>{row.reminders.enabled ? describeReminders(row.reminders) : "Off"}</td>
      <td>{one.open.reason}</td>
    </tr>
  ));
}

function SummaryTable({ caption, rows }: { caption: string; rows: SummaryRow[] }) {
  return (
    <Table
      layout="scroll"
      columns={[
        "Notification type",
        "Sent to",
        "Resolved follow-ups",
        "When",
        "Updates",
        "Reminders",
        "Why",
      ]}
      caption={caption}
    >
      {rows.map((row) => (
        <TypeRows key={row.type} row={row} />
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
