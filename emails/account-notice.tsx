import type { AccountNoticeEvent } from "../lib/core/events";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import { formatSubject } from "../lib/core/subject";
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
import { ResolvedEmail } from "./_components/resolved";

export interface AccountNoticeEmailProps {
  event: AccountNoticeEvent;
  isTest?: boolean;
}

export default function AccountNoticeEmail({ event, isTest }: AccountNoticeEmailProps) {
  const subject = formatSubject(event, { test: isTest });
  if (event.status === "resolved") {
    return (
      <ResolvedEmail
        event={event}
        isTest={isTest}
        kind="Account notice, resolved"
        what={`Account notice: ${event.title}`}
      >
        <PortalLink url={event.url} label="Open the notice in Beacon" />
      </ResolvedEmail>
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
