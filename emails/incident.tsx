import type { IncidentEvent } from "../lib/core/events";
import type { ReminderFacts } from "../lib/core/reminders";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import { EventEmail } from "./_components/event-email";
import { formatWhen, severityWord } from "./_components/format";
import {
  Detail,
  Paragraphs,
  PortalLink,
  SectionTitle,
  SeverityDetail,
  Steps,
} from "./_components/parts";

export interface IncidentEmailProps {
  event: IncidentEvent;
  isTest?: boolean;
  /** Set on Beacon's reminders of this alert while it stays open. */
  reminder?: ReminderFacts;
}

export default function IncidentEmail({ event, isTest, reminder }: IncidentEmailProps) {
  const severity = severityWord(event.severity);
  return (
    <EventEmail
      event={event}
      isTest={isTest}
      reminder={reminder}
      kind="Incident report"
      preview={`${severity} severity: ${event.summary}`}
      resolved={{
        kind: "Incident report, resolved",
        what: `${event.product} ${severity} severity incident on ${event.host}`,
      }}
      link={<PortalLink url={event.report_url} label="Open the incident report" />}
    >
      <SeverityDetail severity={event.severity} />
      <Paragraphs text={event.summary} />
      <SectionTitle>Details</SectionTitle>
      <Detail label="Organization">{event.organization.name}</Detail>
      <Detail label="Affected host">{event.host}</Detail>
      <Detail label="Product">{event.product}</Detail>
      <Detail label="Detected">{formatWhen(event.occurred_at)}</Detail>
      {event.findings ? (
        <>
          <SectionTitle>What was found</SectionTitle>
          <Paragraphs text={event.findings} />
        </>
      ) : null}
      {event.remediation_steps?.length ? (
        <>
          <SectionTitle>Remediation steps</SectionTitle>
          <Steps steps={event.remediation_steps} />
        </>
      ) : null}
    </EventEmail>
  );
}

IncidentEmail.PreviewProps = {
  event: SAMPLE_EVENTS.incident.open,
} satisfies IncidentEmailProps;
