import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DB, Executor } from "@/db/client";
import { packText } from "@/db/packed-text";
import { prepare, preparedStatements } from "@/db/prepared";
import { notifications, reminders } from "@/db/schema";
import { type NotificationEvent, notificationEvent } from "@/lib/core/events";
import { payloadView } from "@/lib/core/payload-view";
import { type ReminderFacts, reminderFacts, reminderNumber } from "@/lib/core/reminders";
import { plainEmail } from "./plain-email";

/**
 * Rendering happens after the event is committed, here, in the dispatcher, so the webhook's
 * answer never waits for React. Each notification is rendered once and kept as rendered
 * (the guard on `rendered_at` makes a second dispatcher's render of the same row a no-op),
 * so what the log shows is what was sent, whatever the templates become later.
 */

export type Renderer = (
  event: NotificationEvent,
  isTest: boolean,
  reminder?: ReminderFacts,
) => Promise<{ html: string; text: string }>;

const PER_STEP = 100;

/*
 * The step's write, prepared once per database: preparing an UPDATE of notifications also
 * compiles its triggers, and with drizzle building each statement anew the step held
 * SQLite's one write lock (which the webhook's commits wait for) about 6 times longer.
 * The values are packed before the lock is taken.
 */
const storeStatement = preparedStatements((db: Executor) =>
  prepare(
    db
      .update(notifications)
      .set({
        // Wrapped in sql: the column's encoder would pack the packed values a second time.
        html: sql`${sql.placeholder("html")}`,
        text: sql`${sql.placeholder("text")}`,
        renderedAt: sql.placeholder("at") as unknown as Date,
      })
      .where(and(eq(notifications.id, sql.placeholder("id")), isNull(notifications.renderedAt))),
    "render_store",
  ),
);

/** Renders up to PER_STEP notifications that are not rendered yet; returns how many. */
export async function renderPending(db: DB, render: Renderer, log: (message: string) => void) {
  const rows = await db
    .select({
      id: notifications.id,
      payload: notifications.payload,
      isTest: notifications.isTest,
      subject: notifications.subject,
      followUpKey: notifications.followUpKey,
      // A reminder's step, to say how long its alert has been open.
      everyMs: reminders.everyMs,
    })
    .from(notifications)
    .leftJoin(reminders, eq(reminders.notificationId, notifications.followsId))
    .where(isNull(notifications.renderedAt))
    .orderBy(asc(notifications.createdAt))
    .limit(PER_STEP);
  const rendered: { id: string; html: Buffer | string; text: Buffer | string }[] = [];
  for (const row of rows) {
    let content: { html: string; text: string };
    try {
      const parsed = notificationEvent.safeParse(row.payload);
      if (!parsed.success) throw new Error("the stored event no longer matches the event schema");
      const reminder = reminderNumber(row.followUpKey);
      content = await render(
        parsed.data,
        row.isTest,
        reminder !== null && row.everyMs !== null
          ? reminderFacts(reminder, row.everyMs)
          : undefined,
      );
    } catch (error) {
      // Never leave a notification unsendable (nor the rows behind it waiting): its subject and
      // the event as bounded text still say what happened.
      log(`render of notification ${row.id} failed: ${(error as Error).message}`);
      const text = `${row.subject}\n\n${payloadView(row.payload).text}`;
      content = plainEmail(text);
    }
    rendered.push({ id: row.id, html: packText(content.html), text: packText(content.text) });
  }
  // One transaction (one fsync) for the whole step, not one per notification.
  const at = new Date();
  await db.transaction(async (tx) => {
    const statement = storeStatement(db, tx);
    for (const row of rendered) await statement.execute({ ...row, at });
  });
  return rows.length;
}
