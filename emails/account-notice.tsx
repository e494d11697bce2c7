import type { AccountNoticeEvent } from "../lib/core/events";
import type { ReminderFacts } from "../lib/core/reminders";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import { EventEmail } from "./_components/event-email";
import { formatWhen } from "./_components/format";
import { Detail, Paragraphs, PortalLink, SectionTitle, SeverityDetail } from "./_components/parts";

export interface AccountNoticeEmailProps {
  event: AccountNoticeEvent;
  isTest?: boolean;
  /** Set on Beacon's reminders of this alert while it stays open. */
  reminder?: ReminderFacts;
}

export default function AccountNoticeEmail({ event, isTest, reminder }: AccountNoticeEmailProps) {
  return (
    <EventEmail
      event={event}
      isTest={isTest}
      reminder={reminder}
      kind="Account notice"
      preview={event.summary}
      resolved={{ kind: "Account notice, resolved", what: `Account notice: ${event.title}` }}
      link={<PortalLink url={event.url} label="Open the notice in Beacon" />}
    >
      <SeverityDetail severity={event.severity} />
      <Paragraphs text={event.body} />
      {event.action_required ? (
        <>
          <SectionTitle>What we ask of you</SectionTitle>
          <Paragraphs text={event.action_required} />
        </>
      ) : null}
      <Detail label="Organization">{event.organization.name}</Detail>
      <Detail label="Sent">{formatWhen(event.occurred_at)}</Detail>
    </EventEmail>
  );
}

AccountNoticeEmail.PreviewProps = {
  event: SAMPLE_EVENTS.account_notice.open,
} satisfies AccountNoticeEmailProps;
