import { Button, Heading, Link, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { Severity } from "../../lib/core/events";
import { httpsHref, severityWord } from "./format";
import { colors, styles } from "./theme";

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: colors.critical,
  high: colors.high,
  low: colors.low,
};

/** Severity in words ("Critical"), with colour only as a second cue. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span style={{ ...styles.badge, backgroundColor: SEVERITY_COLORS[severity] }}>
      {severityWord(severity)}
    </span>
  );
}

/** The severity line, when the event gives one. */
export function SeverityDetail({ severity }: { severity: Severity | undefined }) {
  if (!severity) return null;
  return (
    <Detail label="Severity">
      <SeverityBadge severity={severity} />
    </Detail>
  );
}

export function ResolvedBadge() {
  return <span style={{ ...styles.badge, backgroundColor: colors.resolved }}>Resolved</span>;
}

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={styles.h1}>
      {children}
    </Heading>
  );
}

export function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={styles.h2}>
      {children}
    </Heading>
  );
}

/** One labelled fact, e.g. "Organization: Acme Dental"; reads the same in HTML and text. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text style={styles.detail}>
      <strong>{label}:</strong> {children}
    </Text>
  );
}

/**
 * Multi-line payload text: blank lines separate paragraphs, single line breaks are kept.
 * React escapes every piece, so payload HTML shows as text.
 */
export function Paragraphs({ text }: { text: string }) {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((paragraph, index) => (
        <Text key={index} style={styles.text}>
          {paragraph.split(/\r?\n/).map((line, lineIndex) => (
            <span key={lineIndex}>
              {lineIndex > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </Text>
      ))}
    </>
  );
}

/** Numbered steps as plain paragraphs: lists render unevenly across Outlook and Gmail. */
export function Steps({ steps }: { steps: readonly string[] }) {
  return (
    <>
      {steps.map((step, index) => (
        <Text key={index} style={styles.detail}>
          {index + 1}. {step}
        </Text>
      ))}
    </>
  );
}

/**
 * The call to action. Renders nothing clickable unless the URL is https, and always says
 * that portal links open only for Account Admins (the detection platform's rule).
 */
export function PortalLink({ url, label }: { url: string | undefined; label: string }) {
  const href = httpsHref(url);
  if (!href) return null;
  return (
    <Section style={{ margin: "24px 0 8px" }}>
      <Button href={href} style={styles.button}>
        {label}
      </Button>
      {/* The bare address helps where buttons break; the text part already shows it. */}
      <Text style={styles.note} data-skip-in-text="true">
        Or open this address:{" "}
        <Link href={href} style={styles.link}>
          {href}
        </Link>
      </Text>
      <Text style={styles.note}>
        This link opens only for Account Admins of your Beacon account; other recipients may not be
        able to view it.
      </Text>
    </Section>
  );
}
