import { EmailFrame, HeadersTable } from "@/app/_components/email-parts";
import type { RouteResult } from "@/lib/core/routing";
import type { RenderedNotification } from "@/lib/render/render";

/** Subject, sender, headers, HTML and text of one rendered email, exactly as rendered. */
export function EmailPreview({
  rendered,
  from,
  notificationIdNote,
}: {
  rendered: RenderedNotification;
  from: string;
  notificationIdNote: string;
}) {
  return (
    <>
      <section className="panel preview-panel" aria-labelledby="subject-heading">
        <h2 id="subject-heading">Subject</h2>
        <p className="preview-subject">{rendered.subject}</p>
        <dl className="facts">
          <dt>From</dt>
          <dd>{from}</dd>
          <dt>To</dt>
          <dd>Each recipient gets an email of their own, with only their address.</dd>
        </dl>
      </section>

      <section className="panel preview-panel" aria-labelledby="headers-heading">
        <h2 id="headers-heading">Headers</h2>
        <HeadersTable headers={rendered.headers} labelledBy="headers-heading" />
        <p className="hint">{notificationIdNote}</p>
      </section>

      <section className="panel preview-panel" aria-labelledby="html-heading">
        <h2 id="html-heading">HTML</h2>
        <EmailFrame html={rendered.html} subject={rendered.subject} />
      </section>

      <section className="panel preview-panel" aria-labelledby="text-heading">
        <h2 id="text-heading">Plain text</h2>
        <pre className="preview-text">{rendered.text}</pre>
      </section>
    </>
  );
}

/** The routing dry run: who the account's current settings would send this email to. */
export function WhoWouldReceive({
  route,
  organizationName,
}: {
  route: RouteResult;
  organizationName: string;
}) {
  return (
    <section className="panel preview-panel" aria-labelledby="recipients-heading">
      <h2 id="recipients-heading">Who would receive this?</h2>
      <p className="hint">
        With the Email Integration&apos;s current settings, for {organizationName}, through the same
        routing as real sends.
      </p>
      {route.suppressed ? (
        <p className="notice notice-warn">Suppressed: {route.reason}</p>
      ) : (
        <>
          <ul className="recipient-list" aria-label="Recipients">
            {route.recipients.map((recipient) => (
              <li key={recipient}>{recipient}</li>
            ))}
          </ul>
          <p>
            <span className="muted">Why: </span>
            {route.reason}
          </p>
        </>
      )}
    </section>
  );
}
