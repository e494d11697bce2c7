import { and, asc, eq, isNull } from "drizzle-orm";
import type { DB } from "@/db/client";
import { notifications, reminders } from "@/db/schema";
import { type NotificationEvent, notificationEvent } from "@/lib/core/events";
import { payloadView } from "@/lib/core/payload-view";
import { type ReminderFacts, reminderFacts, reminderNumber } from "@/lib/core/reminders";

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

/** Renders up to PER_STEP notifications that are not rendered yet; returns how many. */
export async function renderPending(db: DB, render: Renderer, log: (message: string) => void) {
  const rows = db
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
    .limit(PER_STEP)
    .all();
  const rendered: { id: string; content: { html: string; text: string } }[] = [];
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
      content = { html: `<pre>${escapeHtml(text)}</pre>`, text };
    }
    rendered.push({ id: row.id, content });
  }
  // One transaction (one fsync) for the whole step, not one per notification.
  const at = new Date();
  db.transaction((tx) => {
    for (const { id, content } of rendered) {
      tx.update(notifications)
        .set({ html: content.html, text: content.text, renderedAt: at })
        .where(and(eq(notifications.id, id), isNull(notifications.renderedAt)))
        .run();
    }
  });
  return rows.length;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
