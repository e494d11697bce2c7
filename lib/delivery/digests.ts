import type Database from "better-sqlite3";
import { type DB, withConnection } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { packText } from "@/db/packed-text";
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
 * and the items turn `digested` with digest_id naming it. All of that is one IMMEDIATE write
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
  type: DigestItem["type"];
  subject: string;
  severity: string | null;
  organizationName: string;
  payload: string;
  createdAt: number;
};

const GROUPS_PER_STEP = 20;

function statements(sqlite: Database.Database) {
  return {
    dueGroups: sqlite.prepare<[number, number], Group>(
      `select distinct next_attempt_at as slot, account_id as accountId, recipient
         from deliveries where status = 'held' and next_attempt_at <= ?
        order by next_attempt_at limit ?`,
    ),
    nextSlot: sqlite.prepare<[], { at: number | null }>(
      "select min(next_attempt_at) as at from deliveries where status = 'held'",
    ),
    held: sqlite.prepare<[number, string, string], HeldRow>(
      `select d.id, d.notification_id as notificationId, n.type, n.subject, n.severity,
              n.organization_name as organizationName, n.payload, n.created_at as createdAt
         from deliveries d join notifications n on n.id = d.notification_id
        where d.status = 'held' and d.next_attempt_at = ? and d.account_id = ? and d.recipient = ?`,
    ),
    heldIds: sqlite.prepare<[number, string, string], { id: string }>(
      `select id from deliveries
        where status = 'held' and next_attempt_at = ? and account_id = ? and recipient = ?`,
    ),
    insertDigest: sqlite.prepare(
      `insert into notifications (id, account_id, organization_id, organization_name, event_id,
         type, event_status, severity, title, state, route_reason, is_test, payload,
         webhook_index, subject, html, text, rendered_at, headers, recipient_count, created_at)
       values (@id, @accountId, null, @organizationName, @eventId, 'digest', 'open', null,
         @title, 'queued', @routeReason, 0, @payload, -1, @subject, @html, @text, @at,
         @headers, 1, @at)
       on conflict do nothing`,
    ),
    insertDelivery: sqlite.prepare(
      `insert into deliveries (id, account_id, notification_id, recipient, status, attempts,
         next_attempt_at, created_at, updated_at)
       values (@id, @accountId, @notificationId, @recipient, 'queued', 0, @at, @at, @at)`,
    ),
    markDigested: sqlite.prepare<[string, number, string]>(
      `update deliveries set status = 'digested', digest_id = ?, updated_at = ?
        where id = ? and status = 'held'`,
    ),
    event: sqlite.prepare(
      `insert into delivery_events (id, delivery_id, status, detail, source, occurred_at, created_at)
       values (@id, @deliveryId, 'digested', @detail, 'dispatcher', @at, @at)`,
    ),
  };
}

export function createDigestSchedule(options: {
  db: DB;
  render: DigestRenderer;
  fromDomain?: string;
  log?: (message: string) => void;
}): Scheduled {
  const sql = statements(options.db.$client);
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
    const rows = await withConnection(options.db, () =>
      sql.held.all(group.slot, group.accountId, group.recipient),
    );
    if (rows.length === 0) return false;
    const { timeZone } = (await emailIntegration(options.db, group.accountId)).settings;
    const at = localClock(group.slot, timeZone);
    const content = digestContent(rows.map(itemOf), at, timeZone);
    const id = uuidv7();
    const body = await renderOrFallback(content, id);
    const subject = digestSubject(content);
    const now = Date.now();
    const ids = rows.map((row) => row.id);
    const made = options.db.$client.transaction(() => {
      // Still held, all of them: else another dispatcher made this digest meanwhile.
      const still = new Set(
        sql.heldIds.all(group.slot, group.accountId, group.recipient).map((row) => row.id),
      );
      if (still.size !== ids.length || ids.some((deliveryId) => !still.has(deliveryId))) {
        return false;
      }
      const inserted = sql.insertDigest.run({
        id,
        accountId: group.accountId,
        organizationName: content.organizations.map((org) => org.name).join(", "),
        eventId: digestEventId(group.recipient, group.slot),
        title: `The ${at} digest: ${content.total} notification${content.total === 1 ? "" : "s"}`,
        routeReason: `Digest of the notifications held for ${group.recipient} until ${at} (${timeZone})`,
        payload: JSON.stringify({ digest: { slot: group.slot, items: ids } }),
        subject,
        html: packText(body.html),
        text: packText(body.text),
        at: now,
        headers: JSON.stringify(
          digestHeaders({
            accountId: group.accountId,
            notificationId: id,
            recipient: group.recipient,
            slot: group.slot,
            fromDomain: options.fromDomain,
          }),
        ),
      });
      if (inserted.changes === 0) return false;
      sql.insertDelivery.run({
        id: uuidv7(),
        accountId: group.accountId,
        notificationId: id,
        recipient: group.recipient,
        at: now,
      });
      for (const deliveryId of ids) {
        if (sql.markDigested.run(id, now, deliveryId).changes !== 1) {
          throw new Error(`delivery ${deliveryId} left its digest while it was being made`);
        }
        sql.event.run({
          id: uuidv7(),
          deliveryId,
          detail: `In the ${at} digest`,
          at: now,
        });
      }
      return true;
    });
    return withConnection(options.db, () => made.immediate());
  }

  return {
    name: "digests",
    async runDue(now) {
      let made = 0;
      const groups = await withConnection(options.db, () =>
        sql.dueGroups.all(now, GROUPS_PER_STEP),
      );
      for (const group of groups) {
        try {
          if (await makeDigest(group)) made += 1;
        } catch (error) {
          log(`digest for ${group.recipient} at ${group.slot} failed: ${(error as Error).message}`);
        }
      }
      return made;
    },
    nextDueAt() {
      return withConnection(options.db, () => sql.nextSlot.get()?.at ?? null);
    },
  };
}

function itemOf(row: HeldRow): DigestItem {
  const parsed = notificationEvent.safeParse(JSON.parse(row.payload));
  return {
    notificationId: row.notificationId,
    type: row.type,
    subject: row.subject,
    severity: row.severity,
    organizationName: row.organizationName,
    url: parsed.success ? eventLink(parsed.data) : null,
    receivedAt: row.createdAt,
  };
}
