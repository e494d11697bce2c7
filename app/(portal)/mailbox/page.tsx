import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/app/_components/pager";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { noticeClasses } from "@/app/_components/ui/notice";
import { Table, Td, Tr } from "@/app/_components/ui/table";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { listMailbox } from "@/db/queries/mailbox";
import { requirePortalSession } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { encodeCursor, parseCursor } from "@/lib/core/log-filters";

export const metadata: Metadata = { title: "Mailbox" };

export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortalSession();
  const before = parseCursor((await searchParams).before);
  const page = await listMailbox(db, session.account.id, { before });
  // Only whether a key is set, never the key itself.
  const resendConfigured = Boolean(config().RESEND_API_KEY);

  return (
    <>
      <h1>Mailbox</h1>
      <p className="text-muted-fg">
        The local mailbox keeps every email Beacon sends for {session.account.name} when no email
        service is configured, so you can read them here without an outside account.
      </p>
      {resendConfigured ? (
        <p className={noticeClasses("warn")}>
          This server sends through Resend (<code>RESEND_API_KEY</code> is set): new emails go to
          their recipients, not here. Their delivery status is on the{" "}
          <Link href="/notifications">Notifications</Link> page.
        </p>
      ) : null}

      {page.rows.length === 0 ? (
        <div className={CARD_CLASSES}>
          <p>{before ? "No older emails." : "The mailbox is empty."}</p>
          <p className="m-0 text-sm text-muted-fg">
            When <code>RESEND_API_KEY</code> is not set, Beacon stores each email here instead of
            sending it. With <code>RESEND_API_KEY</code> set, emails go to Resend instead and this
            mailbox stays empty.
          </p>
        </div>
      ) : (
        <Table
          columns={["Stored", "To", "Subject"]}
          caption="Emails in the local mailbox, newest first"
          captionHidden
          layout="stack"
        >
          {page.rows.map((row) => (
            <Tr key={row.id}>
              <Td label="Stored">
                <When date={row.createdAt} seconds />
              </Td>
              <Td label="To">{row.to}</Td>
              <Td label="Subject">
                <Link href={`/mailbox/${row.id}`}>{row.subject}</Link>
              </Td>
            </Tr>
          ))}
        </Table>
      )}
      <Pager
        label="More emails"
        newest={before ? "/mailbox" : undefined}
        older={page.next ? `/mailbox?before=${encodeCursor(page.next)}` : undefined}
        olderLabel="Older emails"
      />
    </>
  );
}
