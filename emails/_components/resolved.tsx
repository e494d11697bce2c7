import { Text } from "@react-email/components";
import type { ReactNode } from "react";
import { formatWhen } from "./format";
import { Detail, Paragraphs, ResolvedBadge, SectionTitle, Title } from "./parts";
import { styles } from "./theme";

export interface ResolvedContentProps {
  title: string;
  /** What was resolved, e.g. "Incident on DESKTOP-01 (EDR, Critical severity)". */
  what: string;
  organization: string;
  resolution: string | undefined;
  summary: string;
  occurredAt: string;
  resolvedAt: string | undefined;
  /** Type-specific extras shown after the details, such as the report link. */
  children?: ReactNode;
}

/** The 'resolved' form every type shares: what was resolved, how, and when. */
export function ResolvedContent(props: ResolvedContentProps) {
  return (
    <>
      <Title>Resolved: {props.title}</Title>
      <Text style={{ ...styles.text, margin: "0 0 8px" }}>
        <ResolvedBadge />
      </Text>
      <Paragraphs text={props.summary} />
      <SectionTitle>What was resolved</SectionTitle>
      <Detail label="What">{props.what}</Detail>
      <Detail label="Organization">{props.organization}</Detail>
      <SectionTitle>How it was resolved</SectionTitle>
      {props.resolution ? (
        <Paragraphs text={props.resolution} />
      ) : (
        <Text style={styles.text}>The platform closed it without a description.</Text>
      )}
      <SectionTitle>When</SectionTitle>
      <Detail label="Resolved">
        {props.resolvedAt ? formatWhen(props.resolvedAt) : "time not given by the platform"}
      </Detail>
      <Detail label="First reported">{formatWhen(props.occurredAt)}</Detail>
      {props.children}
    </>
  );
}
