import type { PlatformActionEvent } from "../lib/core/events";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import { formatSubject } from "../lib/core/subject";
import { formatWhen, humanizeCode } from "./_components/format";
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

export interface PlatformActionEmailProps {
  event: PlatformActionEvent;
  isTest?: boolean;
}

export default function PlatformActionEmail({ event, isTest }: PlatformActionEmailProps) {
  const subject = formatSubject(event, { test: isTest });
  const action = humanizeCode(event.action);
  if (event.status === "resolved") {
    return (
      <ResolvedEmail
        event={event}
        isTest={isTest}
        kind="Platform action, resolved"
        what={`${action} on ${event.target}, by ${event.actor}`}
      >
        <PortalLink url={event.report_url} label="Open the action in Beacon" />
      </ResolvedEmail>
    );
  }
  return (
    <EmailLayout
      subject={subject}
      preview={event.summary}
      kind="Platform action"
      eventId={event.id}
      isTest={isTest}
    >
      <Title>{event.title}</Title>
      {event.severity ? (
        <Detail label="Severity">
          <SeverityBadge severity={event.severity} />
        </Detail>
      ) : null}
      <Paragraphs text={event.summary} />
      <SectionTitle>What was done</SectionTitle>
      <Detail label="Action">{action}</Detail>
      <Detail label="Done by">{event.actor}</Detail>
      <Detail label="Done to">{event.target}</Detail>
      {event.host && event.host !== event.target ? (
        <Detail label="Host">{event.host}</Detail>
      ) : null}
      <Detail label="Organization">{event.organization.name}</Detail>
      {event.product ? <Detail label="Product">{event.product}</Detail> : null}
      <Detail label="When">{formatWhen(event.occurred_at)}</Detail>
      <PortalLink url={event.report_url} label="Open the action in Beacon" />
    </EmailLayout>
  );
}

PlatformActionEmail.PreviewProps = {
  event: SAMPLE_EVENTS.platform_action.open,
} satisfies PlatformActionEmailProps;
