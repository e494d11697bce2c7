import { type DigestContent, digestContent, eventLink } from "./digest";
import { SAMPLE_EVENTS } from "./sample-events";
import { formatSubject } from "./subject";

/** A digest of sample events, for the template's PreviewProps and the portal's preview. */
export function sampleDigest(): DigestContent {
  const start = Date.parse("2026-11-26T14:00:00Z");
  const acme = SAMPLE_EVENTS.account_notice.open.organization;
  const events = [
    SAMPLE_EVENTS.account_notice.open,
    { ...SAMPLE_EVENTS.platform_action.open, organization: acme },
    { ...SAMPLE_EVENTS.account_notice.open, id: "ntc_sample_2", title: "Agent update scheduled" },
    {
      ...SAMPLE_EVENTS.account_notice.open,
      id: "ntc_sample_other",
      organization: { id: "org_bakery", name: "Corner Bakery" },
      title: "Licence renewal due in 14 days",
    },
  ];
  return digestContent(
    events.map((event, index) => ({
      notificationId: `sample-${index}`,
      type: event.type,
      subject: formatSubject(event),
      severity: event.severity ?? null,
      organizationName: event.organization.name,
      url: eventLink(event),
      receivedAt: start + index * 600_000,
    })),
    "15:00",
    "Europe/Berlin",
  );
}
