import { EmailFrame, EmailText, HeadersTable } from "@/app/_components/email-parts";
import { Facts } from "@/app/_components/ui/facts";

/**
 * An email as it was sent: subject, headers, the HTML in a sandboxed frame (no scripts, no
 * same-origin access, no forms: `sandbox=""` grants nothing) and the plain text. Shared by
 * the notification detail and the mailbox, so both show the same thing the same way.
 */
export function EmailContent({
  idPrefix,
  email: { subject, headers, html, text },
}: {
  idPrefix: string;
  email: { subject: string; headers: Record<string, string>; html: string; text: string };
}) {
  const entries = Object.entries(headers);
  return (
    <div>
      <Facts>
        <dt>Subject</dt>
        <dd>{subject}</dd>
      </Facts>

      <h3 id={`${idPrefix}-headers`}>Headers</h3>
      {entries.length === 0 ? (
        <p className="text-muted-fg">No extra headers.</p>
      ) : (
        <HeadersTable headers={headers} labelledBy={`${idPrefix}-headers`} />
      )}

      <h3>HTML</h3>
      <EmailFrame html={html} subject={subject} />

      <h3>Plain text</h3>
      <EmailText text={text} subject={subject} />
    </div>
  );
}
