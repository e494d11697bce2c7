import { and, asc, eq, inArray, lte, min, sql } from "drizzle-orm";
import { type DB, first } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { deliveries, deliveryEvents, notifications } from "@/db/schema";
import { writeTransaction } from "@/db/transactions";
import {
  type DigestContent,
  type DigestItem,
  digestContent,
  digestEventId,
  digestHeaders,
  digestSubject,
  eventLink,
} from "@/lib/core/digest";
import { notificationEvent } from "@/lib/core/events";
import { uuidv7 } from "@/lib/core/ids";
import { localClock } from "@/lib/core/schedule";
import type { Scheduled } from "./dispatcher";
import { plainEmail } from "./plain-email";

/*
 * The digest scheduler. A delivery held at intake waits in status `held` with its digest
 * slot in next_attempt_at (deliveries_held_idx). When a slot is due, each recipient's held
 * deliveries of it become one digest: a notification of type "digest" with its email already
 * rendered and one queued delivery, so the outbox sends, retries and logs it like any email,
 * and the items turn `digested` with digest_id naming it. All of that is one write
 * transaction that first checks the items are still held, and the digest's event id is a
 * unique key per account, recipient and slot, so two dispatchers (or a restart halfway)
 * never make a slot's digest twice. A slot missed while the app was down is simply due.
 */

export type DigestRenderer = (
  digest: DigestContent,
  reference: string,
) => Promise<{ html: string; text: string }>;

type Group = { slot: number; accountId: string; recipient: string };
type HeldRow = {
  id: string;
  notificationId: string;
  type: string;
  subject: string;
  severity: string | null;
  organizationName: string;
  payload: Record<string, unknown>;
  createdAt: Date;
};

const GROUPS_PER_STEP = 20;

/** Held deliveries, as a literal so SQLite can use the partial index deliveries_held_idx. */
const HELD = sql`${deliveries.status} = 'held'`;

const ofGroup = (group: Group) =>
  and(
    HELD,
    eq(deliveries.nextAttemptAt, new Date(group.slot)),
    eq(deliveries.accountId, group.accountId),
    eq(deliveries.recipient, group.recipient),
  );

export function createDigestSchedule(options: {
  db: DB;
  render: DigestRenderer;
  fromDomain?: string;
  log?: (message: string) => void;
}): Scheduled {
  const { db } = options;
  const log = options.log ?? ((message: string) => console.log(`[digests] ${message}`));

  // A digest is never left unsent (nor its slot due forever) for a template error: its
  // subject lines as text still say what happened.
  async function renderOrFallback(content: DigestContent, id: string) {
    try {
      return await options.render(content, id);
    } catch (error) {
      log(`render of digest ${id} failed: ${(error as Error).message}`);
      const text = content.organizations
        .flatMap((org) => [org.name, ...org.items.map((item) => `- ${item.subject}`)])
        .join("\n");
      return plainEmail(text);
    }
  }

  async function makeDigest(group: Group): Promise<boolean> {
    const rows: HeldRow[] = await db
      .select({
        id: deliveries.id,
        notificationId: deliveries.notificationId,
        type: notifications.type,
        subject: notifications.subject,
        severity: notifications.severity,
        organizationName: notifications.organizationName,
        payload: notifications.payload,
        createdAt: notifications.createdAt,
      })
      .from(deliveries)
      .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
      .where(ofGroup(group));
    if (rows.length === 0) return false;
    const { timeZone } = (await emailIntegration(db, group.accountId)).settings;
    const at = localClock(group.slot, timeZone);
    const content = digestContent(rows.map(itemOf), at, timeZone);
    const id = uuidv7();
    const body = await renderOrFallback(content, id);
    const subject = digestSubject(content);
    const now = new Date();
    const ids = rows.map((row) => row.id);
    return writeTransaction(db, async (tx) => {
      // Still held, all of them: else another dispatcher made this digest meanwhile.
      const still = new Set(
        (await tx.select({ id: deliveries.id }).from(deliveries).where(ofGroup(group))).map(
          (row) => row.id,
        ),
      );
      if (still.size !== ids.length || ids.some((deliveryId) => !still.has(deliveryId))) {
        return false;
      }
      const inserted = await tx
        .insert(notifications)
        .values({
          id,
          accountId: group.accountId,
          organizationId: null,
          organizationName: content.organizations.map((org) => org.name).join(", "),
          eventId: digestEventId(group.recipient, group.slot),
          type: "digest",
          eventStatus: "open",
          severity: null,
          title: `The ${at} digest: ${content.total} notification${content.total === 1 ? "" : "s"}`,
          state: "queued",
          routeReason: `Digest of the notifications held for ${group.recipient} until ${at} (${timeZone})`,
          isTest: false,
          payload: { digest: { slot: group.slot, items: ids } },
          webhookIndex: -1,
          subject,
          html: body.html,
          text: body.text,
          renderedAt: now,
          headers: digestHeaders({
            accountId: group.accountId,
            notificationId: id,
            recipient: group.recipient,
            slot: group.slot,
            fromDomain: options.fromDomain,
          }),
          recipientCount: 1,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      if (inserted.length === 0) return false;
      await tx.insert(deliveries).values({
        id: uuidv7(),
        accountId: group.accountId,
        notificationId: id,
        recipient: group.recipient,
        status: "queued",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      });
      const digested = await tx
        .update(deliveries)
        .set({ status: "digested", digestId: id, updatedAt: now })
        .where(and(inArray(deliveries.id, ids), HELD))
        .returning({ id: deliveries.id });
      if (digested.length !== ids.length) {
        throw new Error(`a delivery left the digest ${id} while it was being made`);
      }
      await tx.insert(deliveryEvents).values(
        ids.map((deliveryId) => ({
          id: uuidv7(),
          deliveryId,
          status: "digested",
          detail: `In the ${at} digest`,
          source: "dispatcher" as const,
          occurredAt: now,
          createdAt: now,
        })),
      );
      return true;
    });
  }

  return {
    name: "digests",
    async runDue(now) {
      let made = 0;
      const groups = await db
        .selectDistinct({
          slot: deliveries.nextAttemptAt,
          accountId: deliveries.accountId,
          recipient: deliveries.recipient,
        })
        .from(deliveries)
        .where(and(HELD, lte(deliveries.nextAttemptAt, new Date(now))))
        .orderBy(asc(deliveries.nextAttemptAt))
        .limit(GROUPS_PER_STEP);
      for (const row of groups) {
        const group = { ...row, slot: row.slot.getTime() };
        try {
          if (await makeDigest(group)) made += 1;
        } catch (error) {
          log(`digest for ${group.recipient} at ${group.slot} failed: ${(error as Error).message}`);
        }
      }
      return made;
    },
    async nextDueAt() {
      const row = await first(
        db
          .select({ at: min(deliveries.nextAttemptAt) })
          .from(deliveries)
          .where(HELD),
      );
      return row?.at ? row.at.getTime() : null;
    },
  };
}

function itemOf(row: HeldRow): DigestItem {
  const parsed = notificationEvent.safeParse(row.payload);
  return {
    notificationId: row.notificationId,
    // Only the event notifications are ever held: a digest is never in a digest.
    type: row.type as DigestItem["type"],
    subject: row.subject,
    severity: row.severity,
    organizationName: row.organizationName,
    url: parsed.success ? eventLink(parsed.data) : null,
    receivedAt: row.createdAt.getTime(),
  };
}
