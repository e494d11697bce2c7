/*
 * The one place the bench fills a database with notifications (the growth figures: 0,
 * 100,000 and 1,000,000 stored). Every notification goes through the intake code the
 * webhook uses (lib/notifications/intake.ts), so the rows, their deliveries and their
 * history are the ones production writes. When the intake gets a faster batch path, point
 * `intake` below at it: nothing else in the bench inserts notifications.
 */
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { EVENT_STATUSES, NOTIFICATION_TYPES } from "../lib/notifications/events";
import { acceptEvent } from "../lib/notifications/intake";
import { sampleEvent } from "../lib/notifications/sample-events";
import { eventHash } from "../lib/webhooks/inbound";

/** Organizations the seeded events are spread over (the portal's filter lists them). */
const ORGANIZATIONS = 25;

/** Today's intake: one event at a time (about 100/s). The batch path replaces this. */
async function intake(db: DB, account: { id: string; slug: string }, index: number) {
  // Groups of five of one type; the fifth is the resolved follow-up of the open event before it.
  const type = NOTIFICATION_TYPES[Math.floor(index / 5) % NOTIFICATION_TYPES.length]!;
  const status = index % 5 === 4 ? EVENT_STATUSES[1] : EVENT_STATUSES[0];
  const org = index % ORGANIZATIONS;
  const event = sampleEvent(type, status, {
    id: `org_seed_${org}`,
    name: `Seeded Customer ${org}`,
  });
  event.id = `seed_${status === "resolved" ? index - 1 : index}`;
  const payload = event as unknown as Record<string, unknown>;
  const result = await acceptEvent(db, account, {
    event,
    payload,
    webhookId: `seed_${index}`,
    bodyHash: eventHash(payload),
  });
  if (result.status === "conflict") throw new Error(`seed event ${index}: ${result.message}`);
}

/**
 * Stores `count` more notifications for the account, then gives their deliveries the mix of
 * outcomes a live account has (most delivered, some sent, failed, dead, bounced), so the
 * portal's filters find rows. Prints progress for long runs.
 */
export async function seedNotifications(
  db: DB,
  accountId: string,
  count: number,
  log: (line: string) => void = () => {},
): Promise<void> {
  const account = db.get<{ id: string; slug: string }>(
    sql`select id, slug from accounts where id = ${accountId}`,
  );
  if (!account) throw new Error(`no account ${accountId}`);
  const started = performance.now();
  const step = Math.max(1000, Math.floor(count / 10));
  for (let i = 0; i < count; i++) {
    await intake(db, account, i);
    if ((i + 1) % step === 0) {
      const rate = (i + 1) / ((performance.now() - started) / 1000);
      log(`  seeded ${i + 1} of ${count} (${Math.round(rate)}/s)`);
    }
  }
  // Outcomes by position (37 spreads neighbours apart, so small runs get the mix too): 85% delivered, 5% sent, 4% failed, 3% dead, 2% bounced, 1% queued.
  db.run(sql`
    update deliveries set status = case
      when (rowid * 37) % 100 < 85 then 'delivered'
      when (rowid * 37) % 100 < 90 then 'sent'
      when (rowid * 37) % 100 < 94 then 'failed'
      when (rowid * 37) % 100 < 97 then 'dead'
      when (rowid * 37) % 100 < 99 then 'bounced'
      else 'queued' end
    where account_id = ${accountId} and status = 'queued'`);
}
