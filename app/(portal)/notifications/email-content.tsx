/**
 * An email as it was sent: subject, headers, the HTML in a sandboxed frame (no scripts, no
 * same-origin access, no forms: `sandbox=""` grants nothing) and the plain text. Shared by
 * the notification detail and the mailbox, so both show the same thing the same way.
 */
export function EmailContent({
  idPrefix,
  subject,
  headers,
  html,
  text,
}: {
  idPrefix: string;
  subject: string;
  headers: Record<string, string>;
  html: string;
  text: string;
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
        <div className="table-wrap">
          <table aria-labelledby={`${idPrefix}-headers`}>
            <thead>
              <tr>
                <th scope="col">Header</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([name, value]) => (
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
      )}

      <h3>HTML</h3>
      <iframe
        className="email-frame"
        title={`HTML of the email: ${subject}`}
        sandbox=""
        srcDoc={html}
      />

      <h3>Plain text</h3>
      <pre className="email-text">{text}</pre>
    </div>
  );
}
