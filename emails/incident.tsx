import type { IncidentEvent } from "../lib/core/events";
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
  Steps,
  Title,
} from "./_components/parts";
import { ResolvedEmail } from "./_components/resolved";

export interface IncidentEmailProps {
  event: IncidentEvent;
  isTest?: boolean;
}

export default function IncidentEmail({ event, isTest }: IncidentEmailProps) {
  const subject = formatSubject(event, { test: isTest });
  const severity = severityWord(event.severity);
  if (event.status === "resolved") {
    return (
      <ResolvedEmail
        event={event}
        isTest={isTest}
        kind="Incident report, resolved"
        what={`${event.product} ${severity} severity incident on ${event.host}`}
      >
        <PortalLink url={event.report_url} label="Open the incident report" />
      </ResolvedEmail>
    );
  }
  return (
    <EmailLayout
      subject={subject}
      preview={`${severity} severity: ${event.summary}`}
      kind="Incident report"
      eventId={event.id}
      isTest={isTest}
    >
      <Title>{event.title}</Title>
      <Detail label="Severity">
        <SeverityBadge severity={event.severity} />
      </Detail>
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
      <PortalLink url={event.report_url} label="Open the incident report" />
    </EmailLayout>
  );
}

IncidentEmail.PreviewProps = {
  event: SAMPLE_EVENTS.incident.open,
} satisfies IncidentEmailProps;
