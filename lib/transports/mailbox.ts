import { inArray, sql } from "drizzle-orm";
import type { DB, Executor } from "@/db/client";
import { packText } from "@/db/packed-text";
import { prepare, preparedStatements } from "@/db/prepared";
import { deliveries, mailboxMessages } from "@/db/schema";
import { writeTransaction } from "@/db/transactions";
import { uuidv7 } from "@/lib/core/ids";
import type { BatchResult, OutboundEmail, Transport } from "@/lib/delivery/transport";

/**
 * The embedded default transport: stores each email in the database, where the portal's Mailbox
 * shows it, so the quick start sends real emails with no outside account. Idempotent per
 * delivery (unique delivery_id), like the provider's Idempotency-Key.
 */
export function createMailboxTransport(db: DB): Transport {
  // Prepared once and fed packed values (sql-wrapped, so the column doesn't pack them again):
  // a batch's 100 inserts then hold the write lock, which the webhook's commits wait for,
  // for the writes alone.
  return {
    name: "mailbox",
    maxBatchSize: 100,
    encode: (emails: OutboundEmail[]) => JSON.stringify(emails),
    async send(body: string): Promise<BatchResult> {
      const emails = JSON.parse(body) as OutboundEmail[];
      const ids = emails.map((email) => email.deliveryId);
      const packed = emails.map((email) => ({
        html: packText(email.html),
        text: packText(email.text),
      }));
      // A write transaction: it reads before it writes (on SQLite a deferred one whose snapshot
      // another writer moved past fails with "database is locked" instead of waiting).
      const outcomes = await writeTransaction(db, async (tx) => {
        const statement = insertStatement(db, tx);
        const accounts = new Map(
          (
            await tx
              .select({ id: deliveries.id, accountId: deliveries.accountId })
              .from(deliveries)
              .where(inArray(deliveries.id, ids))
          ).map((row) => [row.id, row.accountId]),
        );
        for (const [index, email] of emails.entries()) {
          const accountId = accounts.get(email.deliveryId);
          if (!accountId) continue;
          await statement.execute({
            id: uuidv7(),
            accountId,
            deliveryId: email.deliveryId,
            from: email.from,
            to: email.to,
            subject: email.subject,
            html: packed[index]!.html,
            text: packed[index]!.text,
            headers: JSON.stringify(email.headers),
          });
        }
        // A retried batch finds its messages already stored: the ids are the stored ones.
        const stored = new Map(
          (
            await tx
              .select({ id: mailboxMessages.id, deliveryId: mailboxMessages.deliveryId })
              .from(mailboxMessages)
              .where(inArray(mailboxMessages.deliveryId, ids))
          ).map((row) => [row.deliveryId, row.id]),
        );
        return emails.map((email) =>
          accounts.has(email.deliveryId)
            ? {
                deliveryId: email.deliveryId,
                ok: true as const,
                providerMessageId: stored.get(email.deliveryId) ?? null,
                delivered: true,
                detail: "Stored in the local mailbox",
              }
            : {
                deliveryId: email.deliveryId,
                ok: false as const,
                permanent: true as const,
                error: "unknown delivery",
              },
        );
      });
      return { kind: "done", outcomes };
    },
  };
}

const insertStatement = preparedStatements((db: Executor) => {
  const value = (name: string) => sql`${sql.placeholder(name)}`;
  return prepare(
    db
      .insert(mailboxMessages)
      .values({
        id: sql.placeholder("id"),
        accountId: sql.placeholder("accountId"),
        deliveryId: sql.placeholder("deliveryId"),
        from: sql.placeholder("from"),
        to: sql.placeholder("to"),
        subject: sql.placeholder("subject"),
        html: value("html"),
        text: value("text"),
        headers: value("headers"),
      })
      .onConflictDoNothing(),
    "mailbox_insert",
  );
});
