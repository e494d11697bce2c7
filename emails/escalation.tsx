import type { EscalationEvent } from "../lib/core/events";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import { formatSubject } from "../lib/core/subject";
import { formatWhen, severityWord } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import {
  Detail,
  Paragraphs,
  PortalLink,
  SectionTitle,
  SeverityBadge,
  Title,
} from "./_components/parts";
import { ResolvedEmail } from "./_components/resolved";

export interface EscalationEmailProps {
  event: EscalationEvent;
  isTest?: boolean;
}

export default function EscalationEmail({ event, isTest }: EscalationEmailProps) {
  const subject = formatSubject(event, { test: isTest });
  const severity = severityWord(event.severity);
  if (event.status === "resolved") {
    return (
      <ResolvedEmail
        event={event}
        isTest={isTest}
        kind="Escalation, resolved"
        what={`${event.product} ${severity} severity escalation${event.host ? ` about ${event.host}` : ""}`}
      >
        <PortalLink url={event.respond_url} label="Open the escalation" />
      </ResolvedEmail>
    );
  }
  return (
    <EmailLayout
      subject={subject}
      preview={`Your answer is needed: ${event.action_required}`}
      kind="Escalation: your answer is needed"
      eventId={event.id}
      isTest={isTest}
    >
      <Title>{event.title}</Title>
      <Detail label="Severity">
        <SeverityBadge severity={event.severity} />
      </Detail>
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
      <PortalLink url={event.respond_url} label="Respond to the escalation" />
    </EmailLayout>
  );
}

EscalationEmail.PreviewProps = {
  event: SAMPLE_EVENTS.escalation.open,
} satisfies EscalationEmailProps;
