import { render, unstableToPlainText } from "@react-email/render";
import { createElement, type ReactElement, Suspense } from "react";
import type { DigestContent } from "@/lib/core/digest";
import type { NotificationEvent } from "@/lib/core/events";
import { type HeaderContext, notificationHeaders } from "@/lib/core/headers";
import type { ReminderFacts } from "@/lib/core/reminders";
import { formatSubject } from "@/lib/core/subject";
import AccountNoticeEmail from "../../emails/account-notice";
import DigestEmail from "../../emails/digest";
import EscalationEmail from "../../emails/escalation";
import IncidentEmail from "../../emails/incident";
import PlatformActionEmail from "../../emails/platform-action";

export { notificationMessageId, testMessageId } from "@/lib/core/headers";

export type RenderContext = HeaderContext;

export type RenderedNotification = {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};

/** The template element for an event: the one place that maps a type to its template. */
export function notificationElement(
  event: NotificationEvent,
  isTest = false,
  reminder?: ReminderFacts,
): ReactElement {
  switch (event.type) {
    case "incident":
      return createElement(IncidentEmail, { event, isTest, reminder });
    case "escalation":
      return createElement(EscalationEmail, { event, isTest, reminder });
    case "platform_action":
      return createElement(PlatformActionEmail, { event, isTest, reminder });
    case "account_notice":
      return createElement(AccountNoticeEmail, { event, isTest, reminder });
  }
}

/** The doctype @react-email/render puts on every email (XHTML 1.0, what Outlook expects). */
export const EMAIL_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

// Imported lazily: Next refuses a static react-dom/server import anywhere in the server
// component graph (the preview page renders emails), but allows it at run time. Once: each
// `import()` is a round trip through the module loader (under tsx, a message to its hooks
// thread), which cost the dispatcher a sixth of its CPU when made for every email.
let reactDomServer: Promise<typeof import("react-dom/server")> | undefined;

// React writes this marker when something inside the boundary suspended and was not rendered.
const CLIENT_RENDERED_BOUNDARY = "<!--$!-->";

/**
 * The email's HTML. @react-email/render's `render()` streams through web streams, which
 * costs about twice React's own work (see bench/render.ts). Our templates are
 * synchronous, so React's synchronous renderer gives the same markup (a unit test compares
 * the two on every template) in a fraction of the time. Should a template ever suspend,
 * the synchronous pass leaves a client-rendered boundary behind, and we fall back to
 * `render()`, which waits for it. Works the same inside Next.js (checked in a production
 * build: a server component and a route handler got the same bytes as plain Node).
 */
export async function renderEmailHtml(element: ReactElement): Promise<string> {
  reactDomServer ??= import("react-dom/server");
  const { renderToString } = await reactDomServer;
  const markup = renderToString(createElement(Suspense, null, element));
  if (markup.includes(CLIENT_RENDERED_BOUNDARY)) return render(element);
  return EMAIL_DOCTYPE + markup;
}

/**
 * The plain-text part, derived from the HTML with @react-email/render's own converter
 * (`unstableTextConversion`): it honours `data-skip-in-text` like `toPlainText` and is
 * three to four times faster than html-to-text (see bench/render.ts).
 */
export function htmlToText(html: string): string {
  return unstableToPlainText(html);
}

/**
 * Renders one notification: subject, HTML, plain text and headers, exactly as sent.
 * Call it once per notification and reuse the result for every recipient. The element is
 * rendered once; the text part is derived from that HTML, so both always say the same.
 */
export async function renderNotification(
  event: NotificationEvent,
  ctx: RenderContext,
  reminder?: ReminderFacts,
): Promise<RenderedNotification> {
  const isTest = ctx.isTest === true;
  const html = await renderEmailHtml(notificationElement(event, isTest, reminder));
  return {
    subject: formatSubject(event, { test: isTest, reminder: reminder !== undefined }),
    html,
    text: htmlToText(html),
    headers: notificationHeaders(event, { ...ctx, reminder: reminder?.number }),
  };
}

/** The email's two bodies, for the dispatcher's render step (subject and headers are set at intake). */
export async function renderContent(
  event: NotificationEvent,
  isTest: boolean,
  reminder?: ReminderFacts,
): Promise<{ html: string; text: string }> {
  const html = await renderEmailHtml(notificationElement(event, isTest, reminder));
  return { html, text: htmlToText(html) };
}

/** A digest email's two bodies (its subject and headers are the scheduler's, from lib/core/digest.ts). */
export async function renderDigestContent(
  digest: DigestContent,
  reference: string,
): Promise<{ html: string; text: string }> {
  const html = await renderEmailHtml(createElement(DigestEmail, { digest, reference }));
  return { html, text: htmlToText(html) };
}
