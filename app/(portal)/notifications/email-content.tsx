import { EmailFrame, HeadersTable } from "@/app/_components/email-parts";

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
    <div className="email-content">
      <dl className="facts">
        <dt>Subject</dt>
        <dd>{subject}</dd>
      </dl>

      <h3 id={`${idPrefix}-headers`}>Headers</h3>
      {entries.length === 0 ? (
        <p className="muted">No extra headers.</p>
      ) : (
        <HeadersTable headers={headers} labelledBy={`${idPrefix}-headers`} />
      )}

      <h3>HTML</h3>
      <EmailFrame html={html} subject={subject} />

      <h3>Plain text</h3>
      <pre className="email-text">{text}</pre>
    </div>
  );
}
