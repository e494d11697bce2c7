import { EMAIL_FRAME_CSP } from "@/lib/security/headers";
import { cn } from "./ui/cn";
import { Table } from "./ui/table";

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
    <Table layout="scroll" columns={["Header", "Value"]} labelledBy={labelledBy}>
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
    </Table>
  );
}

const FRAME_POLICY = `<meta http-equiv="Content-Security-Policy" content="${EMAIL_FRAME_CSP}">`;

/**
 * The email's document with a CSP of its own in its head (on top of the page's, which a
 * srcdoc frame inherits): its inline styles and images show, nothing else loads or runs.
 */
export function withFramePolicy(html: string, extraHead = ""): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return html.slice(0, at) + FRAME_POLICY + extraHead + html.slice(at);
  }
  return FRAME_POLICY + extraHead + html;
}

/** How a client that inverts light emails shows one: colours turned, images kept. */
const INVERTED =
  "<style>html{filter:invert(1) hue-rotate(180deg);background:#fff}img{filter:invert(1) hue-rotate(180deg)}</style>";

/**
 * The email's HTML in an empty sandbox (`sandbox=""` grants nothing): its markup shows but
 * can never run script, submit a form or reach the portal's origin.
 */
export function EmailFrame({
  html,
  subject,
  dark = false,
  className,
}: {
  html: string;
  subject: string;
  /** Shown as a dark-mode client that inverts light emails would (the previews' toggle). */
  dark?: boolean;
  className?: string;
}) {
  return (
    <iframe
      className={cn("block min-h-[560px] w-full rounded-lg border border-line bg-white", className)}
      title={`HTML of the email: ${subject}`}
      sandbox=""
      srcDoc={withFramePolicy(html, dark ? INVERTED : "")}
    />
  );
}

/**
 * An email's plain text, the same on every page that shows one: a scroll region of its own
 * (so a long text doesn't push the page on) that can be focused and scrolled by keyboard.
 */
export function EmailText({
  text,
  subject,
  className,
}: {
  text: string;
  subject: string;
  className?: string;
}) {
  return (
    <section
      aria-label={`Plain text of the email: ${subject}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled by keyboard (axe: scrollable-region-focusable)
      tabIndex={0}
      className={cn(
        "max-h-[480px] overflow-auto rounded-lg border border-line bg-surface-2",
        className,
      )}
    >
      <pre className="m-0 bg-transparent text-fg">{text}</pre>
    </section>
  );
}
