import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { Facts } from "@/app/_components/ui/facts";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { mailboxMessage } from "@/db/queries/mailbox";
import { requirePortalSession } from "@/lib/auth/session";
import { EmailContent } from "../../notifications/email-content";

export const metadata: Metadata = { title: "Email · Mailbox" };

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePortalSession();
  const { id } = await params;
  // Scoped by the session's account: another account's message is simply not found.
  const message = await mailboxMessage(db, session.account.id, id);
  if (!message) notFound();

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-fg">
        <Link href="/mailbox">Mailbox</Link> / {message.to}
      </nav>
      <h1>{message.subject}</h1>
      <section className={CARD_CLASSES} aria-labelledby="envelope-heading">
        <h2 id="envelope-heading">Envelope</h2>
        <Facts>
          <dt>From</dt>
          <dd>{message.from}</dd>
          <dt>To</dt>
          <dd>{message.to}</dd>
          <dt>Stored</dt>
          <dd>
            <When date={message.createdAt} seconds />
          </dd>
          {message.notificationId ? (
            <>
              <dt>Notification</dt>
              <dd>
                <Link href={`/notifications/${message.notificationId}`}>
                  Delivery log of this notification
                </Link>
              </dd>
            </>
          ) : null}
        </Facts>
      </section>
      <section className={CARD_CLASSES} aria-labelledby="message-heading">
        <h2 id="message-heading">Message</h2>
        <EmailContent idPrefix="message" email={message} />
      </section>
    </>
  );
}
