import type { PlatformActionEvent } from "../lib/core/events";
import type { ReminderFacts } from "../lib/core/reminders";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import { EventEmail } from "./_components/event-email";
import { formatWhen, humanizeCode } from "./_components/format";
import { Detail, Paragraphs, PortalLink, SectionTitle, SeverityDetail } from "./_components/parts";

export interface PlatformActionEmailProps {
  event: PlatformActionEvent;
  isTest?: boolean;
  /** Set on Beacon's reminders of this alert while it stays open. */
  reminder?: ReminderFacts;
}

export default function PlatformActionEmail({ event, isTest, reminder }: PlatformActionEmailProps) {
  const action = humanizeCode(event.action);
  return (
    <EventEmail
      event={event}
      isTest={isTest}
      reminder={reminder}
      kind="Platform action"
      preview={event.summary}
      resolved={{
        kind: "Platform action, resolved",
        what: `${action} on ${event.target}, by ${event.actor}`,
      }}
      link={<PortalLink url={event.report_url} label="Open the action in Beacon" />}
    >
      <SeverityDetail severity={event.severity} />
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
    </EventEmail>
  );
}

PlatformActionEmail.PreviewProps = {
  event: SAMPLE_EVENTS.platform_action.open,
} satisfies PlatformActionEmailProps;
