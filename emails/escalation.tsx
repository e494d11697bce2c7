import type { EscalationEvent } from "../lib/core/events";
import type { ReminderFacts } from "../lib/core/reminders";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import { EventEmail } from "./_components/event-email";
import { formatWhen, severityWord } from "./_components/format";
import { Detail, Paragraphs, PortalLink, SectionTitle, SeverityDetail } from "./_components/parts";

export interface EscalationEmailProps {
  event: EscalationEvent;
  isTest?: boolean;
  /** Set on Beacon's reminders of this alert while it stays open. */
  reminder?: ReminderFacts;
}

export default function EscalationEmail({ event, isTest, reminder }: EscalationEmailProps) {
  const severity = severityWord(event.severity);
  return (
    <EventEmail
      event={event}
      isTest={isTest}
      reminder={reminder}
      kind="Escalation: your answer is needed"
      preview={`Your answer is needed: ${event.action_required}`}
      resolved={{
        kind: "Escalation, resolved",
        what: `${event.product} ${severity} severity escalation${event.host ? ` about ${event.host}` : ""}`,
        link: <PortalLink url={event.respond_url} label="Open the escalation" />,
      }}
      link={<PortalLink url={event.respond_url} label="Respond to the escalation" />}
    >
      <SeverityDetail severity={event.severity} />
      <SectionTitle>What we need from you</SectionTitle>
      <Paragraphs text={event.action_required} />
      <SectionTitle>What happened</SectionTitle>
      <Paragraphs text={event.summary} />
      <Detail label="Organization">{event.organization.name}</Detail>
      {event.host ? <Detail label="Host or account">{event.host}</Detail> : null}
      <Detail label="Product">{event.product}</Detail>
      <Detail label="Raised">{formatWhen(event.occurred_at)}</Detail>
      {event.if_no_response ? (
        <>
          <SectionTitle>If nobody answers</SectionTitle>
          <Paragraphs text={event.if_no_response} />
        </>
      ) : null}
    </EventEmail>
  );
}

EscalationEmail.PreviewProps = {
  event: SAMPLE_EVENTS.escalation.open,
} satisfies EscalationEmailProps;
