import type { RenderedNotification } from "@/lib/notifications/render";
import type { RouteResult } from "@/lib/notifications/routing";

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
        <div className="table-wrap">
          <table aria-labelledby="headers-heading">
            <thead>
              <tr>
                <th scope="col">Header</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(rendered.headers).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>
                    <code>{value}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">{notificationIdNote}</p>
      </section>

      <section className="panel preview-panel" aria-labelledby="html-heading">
        <h2 id="html-heading">HTML</h2>
        {/* An empty sandbox: the email's markup may show but never run script or navigate the portal. */}
        <iframe
          className="email-frame"
          sandbox=""
          srcDoc={rendered.html}
          title={`HTML of the email: ${rendered.subject}`}
        />
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
