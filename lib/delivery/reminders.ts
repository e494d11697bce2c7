import { type DB, withConnection } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { notificationEvent } from "@/lib/core/events";
import { nextReminderAt, type ReminderSchedule, reminderStep } from "@/lib/core/reminders";
import { insertReminder } from "@/lib/intake/reminder";
import type { Scheduled } from "./dispatcher";

/*
 * The reminder schedule: every dispatcher runs it (see `Scheduled`). Due rows are read, the
 * reminder notification inserted and the row advanced in ONE write transaction (the intake
 * store's group commit, BEGIN IMMEDIATE), so two dispatchers never send the same reminder,
 * and a reminder due while Beacon was down goes out once when a dispatcher runs again. The
 * notification's idempotency key (`reminder:<n>`) would refuse a second one anyway.
 */

const PER_STEP = 50;

type DueRow = ReminderSchedule & {
  id: string;
  accountId: string;
  slug: string;
  notificationId: string;
  payload: string | null;
};

function statements(db: DB) {
  const sqlite = db.$client;
  return {
    due: sqlite.prepare<[number, number], DueRow>(
      `select r.id, r.account_id as accountId, a.slug, r.notification_id as notificationId,
              r.anchor_at as anchorAt, r.every_ms as everyMs, r.times, r.sent,
              n.payload
         from reminders r
         join accounts a on a.id = r.account_id
         left join notifications n on n.id = r.notification_id
        where r.next_due_at is not null and r.next_due_at <= ?
        order by r.next_due_at limit ?`,
    ),
    advance: sqlite.prepare<[number, number | null, string | null, number, string]>(
      `update reminders set sent = ?, next_due_at = ?, ended_reason = ?, updated_at = ?
        where id = ?`,
    ),
    end: sqlite.prepare<[string, number, string]>(
      "update reminders set next_due_at = null, ended_reason = ?, updated_at = ? where id = ?",
    ),
    next: sqlite.prepare<[], { at: number | null }>(
      "select min(next_due_at) as at from reminders where next_due_at is not null",
    ),
  };
}

// A stored payload that no longer reads ends its reminders instead of failing every step.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function createReminderSchedule(db: DB, ctx: { fromDomain?: string } = {}): Scheduled {
  const sql = statements(db);
  const store = intakeStoreFor(db);
  const nextDue = () => withConnection(db, () => sql.next.get()?.at ?? null);
  return {
    name: "reminders",
    async runDue(now) {
      // A plain read first: most turns of the loop have nothing due and take no write lock.
      const next = await nextDue();
      if (next === null || next > now) return 0;
      // The group commit's transaction holds the connection while this runs: the statements
      // below run in it directly (withConnection here would only pass straight through).
      return store.run(async (unit) => {
        let sent = 0;
        for (const row of sql.due.all(now, PER_STEP)) {
          const at = Date.now();
          const parsed = row.payload ? notificationEvent.safeParse(parseJson(row.payload)) : null;
          if (!parsed?.success) {
            sql.end.run("original_gone", at, row.id);
            continue;
          }
          const event = parsed.data;
          // An admin who switched the type's reminders off expects no more of them.
          if (!(await unit.settings(row.accountId)).types[event.type].reminders.enabled) {
            sql.end.run("switched_off", at, row.id);
            continue;
          }
          const step = reminderStep(row, now);
          if (!step) {
            // Not due after all (the row was written with another step): put it right.
            const nextAt = nextReminderAt(row);
            sql.advance.run(row.sent, nextAt, nextAt === null ? "done" : null, at, row.id);
            continue;
          }
          const inserted = await insertReminder(
            unit,
            { id: row.accountId, slug: row.slug },
            { event, payloadJson: row.payload ?? "{}", number: step.number },
            ctx,
          );
          if (inserted) sent += 1;
          sql.advance.run(
            step.number,
            step.nextAt,
            step.nextAt === null ? "done" : null,
            at,
            row.id,
          );
        }
        return sent;
      });
    },
    nextDueAt() {
      return nextDue();
    },
  };
}
