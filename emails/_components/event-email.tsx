import type { ReactNode } from "react";
import type { NotificationEvent } from "../../lib/core/events";
import type { ReminderFacts } from "../../lib/core/reminders";
import { formatSubject } from "../../lib/core/subject";
import { ReminderBanner, UpdateBanner } from "./follow-up";
import { EmailLayout } from "./layout";
import { Title } from "./parts";
import { ResolvedEmail } from "./resolved";

export interface EventEmailProps {
  event: NotificationEvent;
  isTest?: boolean;
  /** Set on a reminder of the open alert (see lib/core/reminders.ts). */
  reminder?: ReminderFacts;
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
  reminder,
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
  const asReminder = reminder && event.status === "open" ? reminder : undefined;
  const followUp = event.status === "updated" ? "update" : asReminder ? "reminder" : null;
  return (
    <EmailLayout
      subject={formatSubject(event, { test: isTest, reminder: asReminder !== undefined })}
      preview={
        event.status === "updated"
          ? `Update: ${event.update ?? preview}`
          : asReminder
            ? `Still open: ${preview}`
            : preview
      }
      kind={followUp ? `${kind}, ${followUp}` : kind}
      eventId={event.id}
      isTest={isTest}
    >
      {event.status === "updated" ? <UpdateBanner event={event} /> : null}
      {asReminder ? <ReminderBanner reminder={asReminder} /> : null}
      <Title>{event.title}</Title>
      {children}
      {link}
    </EmailLayout>
  );
}
