import { DataTable } from "./data-table";

/**
 * The parts every page that shows an email uses (the delivery log, the mailbox, the
 * previews), so an email looks the same wherever the portal shows it.
 */

export function HeadersTable({
  headers,
  labelledBy,
}: {
  headers: Record<string, string>;
  labelledBy: string;
}) {
  return (
    <DataTable columns={["Header", "Value"]} labelledBy={labelledBy}>
      {Object.entries(headers).map(([name, value]) => (
        <tr key={name}>
          <th scope="row">
            <code>{name}</code>
          </th>
          <td>
            <code>{value}</code>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * The email's HTML in an empty sandbox (`sandbox=""` grants nothing): its markup shows but
 * can never run script, submit a form or reach the portal's origin.
 */
export function EmailFrame({ html, subject }: { html: string; subject: string }) {
  return (
    <iframe
      className="email-frame"
      title={`HTML of the email: ${subject}`}
      sandbox=""
      srcDoc={html}
    />
  );
}
