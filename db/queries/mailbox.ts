import { and, desc, eq } from "drizzle-orm";
import { type Cursor, PAGE_SIZE, type Page } from "@/lib/core/log-filters";
import { type Executor, first } from "../client";
import { deliveries, mailboxMessages } from "../schema";
import { olderThan, pageLimit } from "./paging";

/** The local mailbox's read side: what the mailbox transport stored, per account. */

export type MailboxListRow = {
  id: string;
  createdAt: Date;
  to: string;
  subject: string;
};

/** Emails the local transport stored for the account, newest first. */
export async function listMailbox(
  db: Executor,
  accountId: string,
  page: { before?: Cursor; limit?: number } = {},
): Promise<Page<MailboxListRow>> {
  const limit = pageLimit(page.limit, PAGE_SIZE);
  const rows = await db
    .select({
      id: mailboxMessages.id,
      createdAt: mailboxMessages.createdAt,
      to: mailboxMessages.to,
      subject: mailboxMessages.subject,
    })
    .from(mailboxMessages)
    .where(
      and(
        eq(mailboxMessages.accountId, accountId),
        olderThan(mailboxMessages.createdAt, mailboxMessages.id, page.before),
      ),
    )
    .orderBy(desc(mailboxMessages.createdAt), desc(mailboxMessages.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown,
    next: rows.length > limit && last ? { at: last.createdAt.getTime(), id: last.id } : null,
  };
}

/** One stored email of the account, with the notification it was sent for. */
export async function mailboxMessage(db: Executor, accountId: string, messageId: string) {
  return (
    (await first(
      db
        .select({
          id: mailboxMessages.id,
          createdAt: mailboxMessages.createdAt,
          from: mailboxMessages.from,
          to: mailboxMessages.to,
          subject: mailboxMessages.subject,
          html: mailboxMessages.html,
          text: mailboxMessages.text,
          headers: mailboxMessages.headers,
          notificationId: deliveries.notificationId,
        })
        .from(mailboxMessages)
        .leftJoin(
          deliveries,
          and(
            eq(deliveries.id, mailboxMessages.deliveryId),
            eq(deliveries.accountId, mailboxMessages.accountId),
          ),
        )
        .where(and(eq(mailboxMessages.accountId, accountId), eq(mailboxMessages.id, messageId)))
        .limit(1),
    )) ?? null
  );
}

export type MailboxMessageDetail = NonNullable<Awaited<ReturnType<typeof mailboxMessage>>>;
