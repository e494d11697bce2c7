import type { ReactNode } from "react";
import type { NotificationEvent } from "../../lib/core/events";
import { formatSubject } from "../../lib/core/subject";
import { UpdateBanner } from "./follow-up";
import { EmailLayout } from "./layout";
import { Title } from "./parts";
import { ResolvedEmail } from "./resolved";

export interface EventEmailProps {
  event: NotificationEvent;
  isTest?: boolean;
  /** The kind line under the brand, e.g. "Incident report". */
  kind: string;
  /** The inbox preview line. */
  preview: string;
  /** The resolved form: its kind line, what was resolved, and its own link if it differs. */
  resolved: { kind: string; what: string; link?: ReactNode };
  /** What ends the email, e.g. the report link. */
  link: ReactNode;
  /** The open form's details, between the title and the link. */
  children: ReactNode;
}

/**
 * What every type's template shares: the open form (subject, title, the type's details,
 * its link), the update (the open form under a banner saying what changed) and the
 * resolved form, which is the same for every type.
 */
export function EventEmail({
  event,
  isTest,
  kind,
  preview,
  resolved,
  link,
  children,
}: EventEmailProps) {
  if (event.status === "resolved") {
    return (
      <ResolvedEmail event={event} isTest={isTest} kind={resolved.kind} what={resolved.what}>
        {resolved.link ?? link}
      </ResolvedEmail>
    );
  }
  return (
    <EmailLayout
      subject={formatSubject(event, { test: isTest })}
      preview={event.status === "updated" ? `Update: ${event.update ?? preview}` : preview}
      kind={event.status === "updated" ? `${kind}, update` : kind}
      eventId={event.id}
      isTest={isTest}
    >
      {event.status === "updated" ? <UpdateBanner event={event} /> : null}
      <Title>{event.title}</Title>
      {children}
      {link}
    </EmailLayout>
  );
}
