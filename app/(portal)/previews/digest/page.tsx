import type { Metadata } from "next";
import Link from "next/link";
import { requirePortalSession } from "@/lib/auth/session";
import { digestHeaders, digestSubject } from "@/lib/core/digest";
import { sampleDigest } from "@/lib/core/digest-sample";
import { emailFrom, senderDomain } from "@/lib/delivery/sender";
import { renderDigestContent } from "@/lib/render/render";
import { EmailPreview } from "../email-preview";

export const metadata: Metadata = { title: "Digest email preview" };

const PREVIEW_REFERENCE = "(assigned when sent)";

/** The digest email with sample data, rendered by the renderer the digest scheduler uses. */
export default async function DigestPreviewPage() {
  const session = await requirePortalSession();
  const digest = sampleDigest();
  const body = await renderDigestContent(digest, PREVIEW_REFERENCE);
  const rendered = {
    subject: digestSubject(digest),
    ...body,
    headers: digestHeaders({
      accountId: session.account.id,
      notificationId: PREVIEW_REFERENCE,
      recipient: "recipient@example.com",
      slot: Date.parse("2026-11-26T14:00:00Z"),
      fromDomain: senderDomain(),
    }),
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-fg">
        <Link href="/previews">Email previews</Link> / Digest
      </nav>
      <h1>Digest email</h1>
      <p className="text-muted-fg">
        What a recipient gets when a notification type is set to an hourly or daily digest: one
        email per period with its notifications grouped by organization. Sample data; nothing is
        sent for an empty period.
      </p>
      <EmailPreview
        rendered={rendered}
        from={emailFrom()}
        notificationIdNote="X-Beacon-Notification-Id is the digest's own id in the delivery log; its page lists every notification it carried."
      />
    </>
  );
}
