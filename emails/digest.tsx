import { Link, Section, Text } from "@react-email/components";
import { formatWhen as formatDate } from "../lib/core/dates";
import { type DigestContent, digestSubject } from "../lib/core/digest";
import { sampleDigest } from "../lib/core/digest-sample";
import {
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPE_PLURALS,
  SEVERITIES,
} from "../lib/core/events";
import { httpsHref } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { SectionTitle, SeverityBadge, Title } from "./_components/parts";
import { styles } from "./_components/theme";

export interface DigestEmailProps {
  digest: DigestContent;
  /** The digest notification's id: the reference the footer gives. */
  reference: string;
}

const isSeverity = (value: string | null) =>
  SEVERITIES.find((severity) => severity === value) ?? null;

export default function DigestEmail({ digest, reference }: DigestEmailProps) {
  const subject = digestSubject(digest);
  const counts = (org: DigestContent["organizations"][number]) =>
    org.counts
      .map(({ type, count }) =>
        count === 1
          ? `1 ${NOTIFICATION_TYPE_LABELS[type]}`
          : `${count} ${NOTIFICATION_TYPE_PLURALS[type]}`,
      )
      .join(", ");
  return (
    <EmailLayout
      subject={subject}
      preview={`${digest.total} notifications held for the ${digest.at} digest`}
      kind="Digest"
      eventId={reference}
    >
      <Title>
        The {digest.at} digest ({digest.timeZone})
      </Title>
      <Text style={styles.text}>
        {digest.total === 1 ? "One notification" : `${digest.total} notifications`} arrived since
        the last digest. Critical ones were sent at once and are not repeated here.
      </Text>
      {digest.organizations.map((org) => (
        <Section key={org.name}>
          <SectionTitle>{org.name}</SectionTitle>
          <Text style={styles.note}>{counts(org)}</Text>
          {org.items.map((item) => {
            const href = httpsHref(item.url ?? undefined);
            const severity = isSeverity(item.severity);
            return (
              <Text key={item.notificationId} style={styles.detail}>
                {severity ? (
                  <>
                    <SeverityBadge severity={severity} />{" "}
                  </>
                ) : null}
                {href ? (
                  <Link href={href} style={styles.link}>
                    {item.subject}
                  </Link>
                ) : (
                  item.subject
                )}{" "}
                <span style={styles.note}>({formatDate(new Date(item.receivedAt))})</span>
              </Text>
            );
          })}
        </Section>
      ))}
    </EmailLayout>
  );
}

DigestEmail.PreviewProps = {
  digest: sampleDigest(),
  reference: "digest-sample",
} satisfies DigestEmailProps;
