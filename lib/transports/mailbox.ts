import { eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { deliveries, mailboxMessages } from "@/db/schema";
import { uuidv7 } from "@/lib/core/ids";
import type { BatchResult, OutboundEmail, Transport } from "@/lib/delivery/transport";

/**
 * The embedded default transport: stores each email in SQLite, where the portal's Mailbox
 * shows it, so the quick start sends real emails with no outside account. Idempotent per
 * delivery (unique delivery_id), like the provider's Idempotency-Key.
 */
export function createMailboxTransport(db: Executor): Transport {
  return {
    name: "mailbox",
    maxBatchSize: 100,
    encode: (emails: OutboundEmail[]) => JSON.stringify(emails),
    async send(body: string): Promise<BatchResult> {
      const emails = JSON.parse(body) as OutboundEmail[];
      const ids = emails.map((email) => email.deliveryId);
      const outcomes = db.transaction((tx) => {
        const accounts = new Map(
          tx
            .select({ id: deliveries.id, accountId: deliveries.accountId })
            .from(deliveries)
            .where(inArray(deliveries.id, ids))
            .all()
            .map((row) => [row.id, row.accountId]),
        );
        return emails.map((email) => {
          const accountId = accounts.get(email.deliveryId);
          if (!accountId) {
            return {
              deliveryId: email.deliveryId,
              ok: false as const,
              permanent: true as const,
              error: "unknown delivery",
            };
          }
          tx.insert(mailboxMessages)
            .values({
              id: uuidv7(),
              accountId,
              deliveryId: email.deliveryId,
              from: email.from,
              to: email.to,
              subject: email.subject,
              html: email.html,
              text: email.text,
              headers: email.headers,
            })
            .onConflictDoNothing()
            .run();
          const stored = tx
            .select({ id: mailboxMessages.id })
            .from(mailboxMessages)
            .where(eq(mailboxMessages.deliveryId, email.deliveryId))
            .get();
          return {
            deliveryId: email.deliveryId,
            ok: true as const,
            providerMessageId: stored?.id ?? null,
            delivered: true,
            detail: "Stored in the local mailbox",
          };
        });
      });
      return { kind: "done", outcomes };
    },
  };
}
