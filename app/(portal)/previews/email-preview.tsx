import { HeadersTable } from "@/app/_components/email-parts";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { Facts } from "@/app/_components/ui/facts";
import { noticeClasses } from "@/app/_components/ui/notice";
import type { RouteResult } from "@/lib/core/routing";
import { timingWords } from "@/lib/core/timing";
import type { RenderedNotification } from "@/lib/render/render";
import { EmailViewer } from "./email-viewer";

/**
 * One rendered email, exactly as rendered: its subject and sender, the email itself (at
 * either width, light or dark), its plain text and its headers, in the order a person
 * checking it reads them.
 */
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
      <section className={`${CARD_CLASSES} mt-0`} aria-labelledby="subject-heading">
        <h2 id="subject-heading" className="sr-only">
          Subject
        </h2>
        <p className="m-0 mb-2 text-lg font-semibold [overflow-wrap:anywhere]">
          {rendered.subject}
        </p>
        <Facts>
          <dt>From</dt>
          <dd>{from}</dd>
          <dt>To</dt>
          <dd>Each recipient gets an email of their own, with only their address.</dd>
        </Facts>
      </section>

      <div className={CARD_CLASSES}>
        <EmailViewer html={rendered.html} text={rendered.text} subject={rendered.subject} />
      </div>

      <section className={CARD_CLASSES} aria-labelledby="headers-heading">
        <h2 id="headers-heading" className="mt-0">
          Headers
        </h2>
        <HeadersTable headers={rendered.headers} labelledBy="headers-heading" />
        <p className="m-0 mt-2 text-sm text-muted-fg">{notificationIdNote}</p>
      </section>
    </>
  );
}

/** The routing dry run: who the account's current settings would send this email to. */
export function WhoWouldReceive({
  route,
  organizationName,
  followUp,
}: {
  route: RouteResult;
  organizationName: string;
  /** An update or a reminder: it goes to the original's recipients, not to today's routing. */
  followUp?: "update" | "reminder";
}) {
  return (
    <section className={CARD_CLASSES} aria-labelledby="recipients-heading">
      <h2 id="recipients-heading" className="mt-0">
        Who would receive this?
      </h2>
      <p className="m-0 text-sm text-muted-fg">
        With the Email Integration&apos;s current settings, for {organizationName}, through the same
        routing as real sends.
      </p>
      {route.suppressed ? (
        <p className={noticeClasses("warn")}>Suppressed: {route.reason}</p>
      ) : (
        <>
          <ul className="my-1 [overflow-wrap:anywhere]" aria-label="Recipients">
            {route.recipients.map((recipient) => (
              <li key={recipient}>{recipient}</li>
            ))}
          </ul>
          <p>
            <span className="text-muted-fg">Why: </span>
            {route.reason}
          </p>
          <p>
            <span className="text-muted-fg">When: </span>
            {timingWords(route.timing)} ({route.timing.why})
          </p>
        </>
      )}
      {followUp && !route.suppressed ? (
        <p className="text-sm">
          A real {followUp} goes to the addresses the alert&apos;s first email was sent to; these
          are who would get{" "}
          {followUp === "update"
            ? "an update of an alert Beacon never emailed"
            : "it if that email went out now"}
          .
        </p>
      ) : null}
    </section>
  );
}
