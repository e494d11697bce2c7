import type { DB } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { notificationEvent } from "@/lib/core/events";
import { nextReminderAt, reminderStep } from "@/lib/core/reminders";
import { insertReminder } from "@/lib/intake/reminder";
import type { Scheduled } from "./dispatcher";

/*
 * The reminder schedule: every dispatcher runs it (see `Scheduled`). Due rows are read, the
 * reminder notification inserted and the row advanced in ONE write transaction (the intake
 * store's group commit, BEGIN IMMEDIATE), so two dispatchers never send the same reminder,
 * and a reminder due while Beacon was down goes out once when a dispatcher runs again. The
 * notification's idempotency key (`reminder:<n>`) would refuse a second one anyway. On
 * PostgreSQL the due rows are locked (skip locked): dispatchers take disjoint reminders.
 */

const PER_STEP = 50;

// A stored payload that no longer reads ends its reminders instead of failing every step.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const end = (row: { sent: number }, reason: string) => ({
  sent: row.sent,
  nextDueAt: null,
  endedReason: reason,
});

export function createReminderSchedule(db: DB, ctx: { fromDomain?: string } = {}): Scheduled {
  const store = intakeStoreFor(db);
  return {
    name: "reminders",
    async runDue(now) {
      // A plain read first: most turns of the loop have nothing due and take no write lock.
      const next = await store.nextReminderAt();
      if (next === null || next > now) return 0;
      return store.run(async (unit) => {
        let sent = 0;
        for (const row of await unit.dueReminders(now, PER_STEP)) {
          const parsed = row.payload ? notificationEvent.safeParse(parseJson(row.payload)) : null;
          if (!parsed?.success) {
            await unit.updateReminder(row.id, end(row, "original_gone"));
            continue;
          }
          const event = parsed.data;
          // An admin who switched the type's reminders off expects no more of them.
          if (!(await unit.settings(row.accountId)).types[event.type].reminders.enabled) {
            await unit.updateReminder(row.id, end(row, "switched_off"));
            continue;
          }
          const step = reminderStep(row, now);
          if (!step) {
            // Not due after all (the row was written with another step): put it right.
            const nextAt = nextReminderAt(row);
            await unit.updateReminder(row.id, {
              sent: row.sent,
              nextDueAt: nextAt,
              endedReason: nextAt === null ? "done" : null,
            });
            continue;
          }
          const inserted = await insertReminder(
            unit,
            { id: row.accountId, slug: row.slug },
            { event, payloadJson: row.payload ?? "{}", number: step.number },
            ctx,
          );
          if (inserted) sent += 1;
          await unit.updateReminder(row.id, {
            sent: step.number,
            nextDueAt: step.nextAt,
            endedReason: step.nextAt === null ? "done" : null,
          });
        }
        return sent;
      });
    },
    nextDueAt() {
      return store.nextReminderAt();
    },
  };
}
