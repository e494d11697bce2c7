import { Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { NotificationEvent } from "../../lib/core/events";
import { formatSubject } from "../../lib/core/subject";
import { formatWhen } from "./format";
import { EmailLayout } from "./layout";
import { Detail, Paragraphs, ResolvedBadge, SectionTitle, Title } from "./parts";
import { styles } from "./theme";

export interface ResolvedEmailProps {
  event: NotificationEvent;
  isTest?: boolean;
  /** The kind line under the brand, e.g. "Incident report, resolved". */
  kind: string;
  /** What was resolved, e.g. "EDR Critical severity incident on DESKTOP-01". */
  what: string;
  /** Type-specific extras shown after the details, such as the report link. */
  children?: ReactNode;
}

/** The 'resolved' form every type shares: what was resolved, how, and when. */
export function ResolvedEmail({ event, isTest, kind, what, children }: ResolvedEmailProps) {
  return (
    <EmailLayout
      subject={formatSubject(event, { test: isTest })}
      preview={`Resolved: ${event.resolution ?? event.summary}`}
      kind={kind}
      eventId={event.id}
      isTest={isTest}
    >
      <Title>Resolved: {event.title}</Title>
      <Text style={{ ...styles.text, margin: "0 0 8px" }}>
        <ResolvedBadge />
      </Text>
      <Paragraphs text={event.summary} />
      <SectionTitle>What was resolved</SectionTitle>
      <Detail label="What">{what}</Detail>
      <Detail label="Organization">{event.organization.name}</Detail>
      <SectionTitle>How it was resolved</SectionTitle>
      {event.resolution ? (
        <Paragraphs text={event.resolution} />
      ) : (
        <Text style={styles.text}>The platform closed it without a description.</Text>
      )}
      <SectionTitle>When</SectionTitle>
      <Detail label="Resolved">
        {event.resolved_at ? formatWhen(event.resolved_at) : "time not given by the platform"}
      </Detail>
      <Detail label="First reported">{formatWhen(event.occurred_at)}</Detail>
      {children}
    </EmailLayout>
  );
}
