/*
 * The one place the bench fills a database with notifications (the growth figures: 0,
 * 100,000 and 1,000,000 stored). Every notification goes through the intake the webhook
 * uses (acceptEvents on the SQLite intake store, committed in groups), so the rows, their
 * deliveries, their history and the read models the triggers keep are the ones production
 * writes. Then each gets its rendered email as the dispatcher would store it, and the
 * deliveries the mix of outcomes a live account has.
 */
import { eq, sql } from "drizzle-orm";
import { type DB, first } from "../db/client";
import { intakeStoreFor } from "../db/intake-store";
import { packText } from "../db/packed-text";
import { accounts } from "../db/schema";
import { EVENT_STATUSES, NOTIFICATION_TYPES } from "../lib/core/events";
import { sampleEvent } from "../lib/core/sample-events";
import { acceptEvents, type IntakeInput } from "../lib/intake/intake";
import { renderContent } from "../lib/render/render";

/** Organizations the seeded events are spread over (the portal's filter lists them). */
const ORGANIZATIONS = 25;
/** Events handed to the intake at once: one group commit each. */
const CHUNK = 1_000;

function seedEvent(index: number): IntakeInput {
  // Groups of five of one type; the fifth is the resolved follow-up of the open event before it.
  const type = NOTIFICATION_TYPES[Math.floor(index / 5) % NOTIFICATION_TYPES.length]!;
  const status = index % 5 === 4 ? EVENT_STATUSES[1] : EVENT_STATUSES[0];
  const org = index % ORGANIZATIONS;
  const event = sampleEvent(type, status, {
    id: `org_seed_${org}`,
    name: `Seeded Customer ${org}`,
  });
  event.id = `seed_${status === "resolved" ? index - 1 : index}`;
  return { event, payload: event, webhookId: `seed_${index}` };
}

/**
 * Stores `count` more notifications for the account with the outcomes a live account has
 * (most delivered, some sent, failed, dead, bounced, a few still queued). Prints progress.
 */
export async function seedNotifications(
  db: DB,
  accountId: string,
  count: number,
  log: (line: string) => void = () => {},
): Promise<void> {
  const account = await first(
    db
      .select({ id: accounts.id, slug: accounts.slug })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .limit(1),
  );
  if (!account) throw new Error(`no account ${accountId}`);
  const store = intakeStoreFor(db);
  const started = performance.now();
  const step = Math.max(CHUNK, Math.floor(count / 10 / CHUNK) * CHUNK);
  for (let from = 0; from < count; from += CHUNK) {
    const inputs = Array.from({ length: Math.min(CHUNK, count - from) }, (_, i) =>
      seedEvent(from + i),
    );
    const results = await acceptEvents(store, account, inputs);
    const refused = results.find((result) => result.status === "conflict");
    if (refused) throw new Error(`seed events from ${from}: ${JSON.stringify(refused)}`);
    if ((from + CHUNK) % step === 0 || from + CHUNK >= count) {
      const done = Math.min(from + CHUNK, count);
      log(
        `  seeded ${done} of ${count} (${Math.round(done / ((performance.now() - started) / 1000))}/s)`,
      );
    }
  }
  // The email as the dispatcher stores it once rendered, packed (one rendering per type and status,
  // reused: the bench measures reads, not rendering).
  for (const type of NOTIFICATION_TYPES) {
    for (const status of EVENT_STATUSES) {
      const { html, text } = await renderContent(sampleEvent(type, status), false);
      await db.run(sql`
        update notifications set html = ${packText(html)}, text = ${packText(text)}, rendered_at = created_at
        where account_id = ${accountId} and rendered_at is null
          and type = ${type} and event_status = ${status}`);
    }
  }
  // Outcomes by position (37 spreads neighbours apart, so small runs get the mix too):
  // 85% delivered, 5% sent, 4% failed, 3% dead, 2% bounced, 1% queued.
  await db.run(sql`
    update deliveries set status = case
      when (rowid * 37) % 100 < 85 then 'delivered'
      when (rowid * 37) % 100 < 90 then 'sent'
      when (rowid * 37) % 100 < 94 then 'failed'
      when (rowid * 37) % 100 < 97 then 'dead'
      when (rowid * 37) % 100 < 99 then 'bounced'
      else 'queued' end
    where account_id = ${accountId} and status = 'queued'`);
}
