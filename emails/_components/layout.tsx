import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { styles } from "./theme";

export interface EmailLayoutProps {
  /** The subject line, repeated as the document title for screen readers and web views. */
  subject: string;
  /** The inbox preview line. */
  preview: string;
  /** "Incident", "Escalation", …: shown under the brand so the kind is clear before the title. */
  kind: string;
  eventId: string;
  isTest?: boolean;
  children: ReactNode;
}

/** The frame every Beacon email shares: language, title, brand, test banner and footer. */
export function EmailLayout({
  subject,
  preview,
  kind,
  eventId,
  isTest,
  children,
}: EmailLayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{subject}</title>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section>
            <Text style={styles.brand}>BEACON</Text>
            <Text style={styles.kind}>{kind}</Text>
          </Section>
          {isTest ? (
            <Text style={styles.testBanner} role="note">
              Test email: sent from the Email Integration preview to check delivery and layout. It
              describes sample or past data; no action is needed.
            </Text>
          ) : null}
          {children}
          <Hr style={styles.hr} />
          <Text style={styles.note}>
            You receive this because your address is a recipient of the Email Integration in your
            Beacon account. Account Admins can change who receives which notifications under
            Integrations, Email Integration. This message was sent automatically; replies are not
            read.
          </Text>
          <Text style={styles.note}>Beacon reference: {eventId}</Text>
        </Container>
      </Body>
    </Html>
  );
}
