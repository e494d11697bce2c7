import type { AccountNoticeEvent } from "../lib/notifications/events";
import { SAMPLE_EVENTS } from "../lib/notifications/sample-events";
import { formatSubject } from "../lib/notifications/subject";
import { formatWhen } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import {
  Detail,
  Paragraphs,
  PortalLink,
  SectionTitle,
  SeverityBadge,
  Title,
} from "./_components/parts";
import { ResolvedContent } from "./_components/resolved";

export interface AccountNoticeEmailProps {
  event: AccountNoticeEvent;
  isTest?: boolean;
}

export default function AccountNoticeEmail({ event, isTest }: AccountNoticeEmailProps) {
  const subject = formatSubject(event, { test: isTest });
  if (event.status === "resolved") {
    return (
      <EmailLayout
        subject={subject}
        preview={`Resolved: ${event.resolution ?? event.summary}`}
        kind="Account notice, resolved"
        eventId={event.id}
        isTest={isTest}
      >
        <ResolvedContent
          title={event.title}
          what={`Account notice: ${event.title}`}
          organization={event.organization.name}
          resolution={event.resolution}
          summary={event.summary}
          occurredAt={event.occurred_at}
          resolvedAt={event.resolved_at}
        >
          <PortalLink url={event.url} label="Open the notice in Beacon" />
        </ResolvedContent>
      </EmailLayout>
    );
  }
  return (
    <EmailLayout
      subject={subject}
      preview={event.summary}
      kind="Account notice"
      eventId={event.id}
      isTest={isTest}
    >
      <Title>{event.title}</Title>
      {event.severity ? (
        <Detail label="Severity">
          <SeverityBadge severity={event.severity} />
        </Detail>
      ) : null}
      <Paragraphs text={event.body} />
      {event.action_required ? (
        <>
          <SectionTitle>What we ask of you</SectionTitle>
          <Paragraphs text={event.action_required} />
        </>
      ) : null}
      <Detail label="Organization">{event.organization.name}</Detail>
      <Detail label="Sent">{formatWhen(event.occurred_at)}</Detail>
      <PortalLink url={event.url} label="Open the notice in Beacon" />
    </EmailLayout>
  );
}

AccountNoticeEmail.PreviewProps = {
  event: SAMPLE_EVENTS.account_notice.open,
} satisfies AccountNoticeEmailProps;
