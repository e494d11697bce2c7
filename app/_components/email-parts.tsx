import { EMAIL_FRAME_CSP } from "@/lib/security/headers";
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

const FRAME_POLICY = `<meta http-equiv="Content-Security-Policy" content="${EMAIL_FRAME_CSP}">`;

/**
 * The email's document with a CSP of its own in its head (on top of the page's, which a
 * srcdoc frame inherits): its inline styles and images show, nothing else loads or runs.
 */
export function withFramePolicy(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return html.slice(0, at) + FRAME_POLICY + html.slice(at);
  }
  return FRAME_POLICY + html;
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
      srcDoc={withFramePolicy(html)}
    />
  );
}
