import type Database from "better-sqlite3";
import type { DueReminder, IntakeStore, StoredAnswer } from "@/lib/intake/ports";
import { StorageUnavailableError } from "@/lib/intake/ports";
import type { SqliteDB } from "../client";
import {
  createIntakeCaches,
  type DeliveryValues,
  type IntakeRows,
  type NotificationValues,
  type Org,
  openIntakeUnit,
  type ReminderValues,
} from "../intake-unit";
import { createGroupCommitter } from "./group-commit";

/**
 * The intake's storage on SQLite: statements prepared once on the process's one connection,
 * and every write of every concurrent request in one group commit (one fsync for many 202s).
 */

type Answer = Omit<StoredAnswer, "matchedBy">;

function statements(sqlite: Database.Database) {
  return {
    byWebhook: sqlite.prepare<[string, string, number], Answer>(
      `select id, body_hash as bodyHash, state, suppressed_reason as suppressedReason,
              recipient_count as recipientCount
         from notifications where account_id = ? and webhook_id = ? and webhook_index = ?`,
    ),
    byEvent: sqlite.prepare<[string, string, string, string, string], Answer>(
      `select id, body_hash as bodyHash, state, suppressed_reason as suppressedReason,
              recipient_count as recipientCount
         from notifications
        where account_id = ? and type = ? and event_id = ? and event_status = ?
          and follow_up_key = ? and is_test = 0`,
    ),
    original: sqlite.prepare<
      [string, string, string],
      { id: string; state: "queued" | "suppressed"; organizationId: string | null }
    >(
      `select id, state, organization_id as organizationId from notifications
        where account_id = ? and type = ? and event_id = ? and event_status = 'open'
          and follow_up_key = '' and is_test = 0`,
    ),
    emailRecipients: sqlite.prepare<[string], { recipient: string }>(
      `select recipient from deliveries
        where notification_id = ? and channel = 'email' order by created_at, id`,
    ),
    upsertOrganization: sqlite.prepare<
      [{ id: string; accountId: string; externalId: string; name: string; at: number }],
      Org
    >(
      `insert into organizations (id, account_id, external_id, name, created_at, updated_at)
       values (@id, @accountId, @externalId, @name, @at, @at)
       on conflict (account_id, external_id) do update
          set name = excluded.name, updated_at = excluded.updated_at
        where organizations.name <> excluded.name
       returning id, name`,
    ),
    organization: sqlite.prepare<[string, string], Org>(
      "select id, name from organizations where account_id = ? and external_id = ?",
    ),
    settings: sqlite.prepare<[string, string], { settings: string }>(
      "select settings from integrations where account_id = ? and kind = ?",
    ),
    insertNotification: sqlite.prepare<[NotificationValues]>(
      `insert into notifications (id, account_id, organization_id, organization_name, event_id,
         type, event_status, follow_up_key, follows_id, severity, title, state, suppressed_reason, route_reason, is_test,
         payload, webhook_id, webhook_index, body_hash, subject, html, text, headers,
         recipient_count, held_for, created_at)
       values (@id, @accountId, @organizationId, @organizationName, @eventId, @type,
         @eventStatus, @followUpKey, @followsId, @severity, @title, @state, @suppressedReason, @routeReason, @isTest,
         @payload, @webhookId, @webhookIndex, @bodyHash, @subject, '', '', @headers,
         @recipientCount, @heldFor, @createdAt)
       on conflict do nothing`,
    ),
    insertDelivery: sqlite.prepare<[DeliveryValues]>(
      `insert into deliveries (id, account_id, notification_id, recipient, channel, status,
         attempts, next_attempt_at, created_at, updated_at)
       values (@id, @accountId, @notificationId, @recipient, @channel, @status, 0,
         @nextAttemptAt, @at, @at)`,
    ),
    insertReminder: sqlite.prepare<[ReminderValues]>(
      `insert into reminders (id, account_id, notification_id, type, event_id, anchor_at,
         every_ms, times, sent, next_due_at, updated_at)
       values (@id, @accountId, @notificationId, @type, @eventId, @anchorAt, @everyMs, @times,
         0, @nextDueAt, @at)`,
    ),
    endReminders: sqlite.prepare<[number, string, string, string]>(
      `update reminders set next_due_at = null, ended_reason = 'resolved', updated_at = ?
        where account_id = ? and type = ? and event_id = ? and next_due_at is not null`,
    ),
    dueReminders: sqlite.prepare<[number, number], DueReminder>(
      `select r.id, r.account_id as accountId, a.slug, r.notification_id as notificationId,
              r.anchor_at as anchorAt, r.every_ms as everyMs, r.times, r.sent, n.payload
         from reminders r
         join accounts a on a.id = r.account_id
         left join notifications n on n.id = r.notification_id
        where r.next_due_at is not null and r.next_due_at <= ?
        order by r.next_due_at limit ?`,
    ),
    updateReminder: sqlite.prepare<[number, number | null, string | null, number, string]>(
      "update reminders set sent = ?, next_due_at = ?, ended_reason = ?, updated_at = ? where id = ?",
    ),
    nextReminder: sqlite.prepare<[], { at: number | null }>(
      "select min(next_due_at) as at from reminders where next_due_at is not null",
    ),
  };
}

function rowsOn(sql: ReturnType<typeof statements>): IntakeRows {
  return {
    previous(key) {
      const byWebhook =
        key.webhookId === null
          ? undefined
          : sql.byWebhook.get(key.accountId, key.webhookId, key.webhookIndex);
      if (byWebhook) return { ...byWebhook, matchedBy: "webhook" };
      const byEvent = sql.byEvent.get(
        key.accountId,
        key.type,
        key.eventId,
        key.eventStatus,
        key.followUpKey,
      );
      return byEvent && { ...byEvent, matchedBy: "event" };
    },
    original: (...key) => sql.original.get(...key),
    emailRecipients: (id) => sql.emailRecipients.all(id).map((row) => row.recipient),
    upsertOrganization: (row) => sql.upsertOrganization.get(row),
    organization: (accountId, externalId) => sql.organization.get(accountId, externalId),
    settingsText: (accountId, kind) => sql.settings.get(accountId, kind)?.settings,
    endReminders: (...args) => sql.endReminders.run(...args),
    insertNotification(row, deliveries) {
      if (sql.insertNotification.run(row).changes === 0) return false;
      for (const delivery of deliveries) sql.insertDelivery.run(delivery);
      return true;
    },
    insertReminder: (row) => sql.insertReminder.run(row),
    dueReminders: (now, limit) => sql.dueReminders.all(now, limit),
    updateReminder: (id, sent, nextDueAt, reason, at) =>
      sql.updateReminder.run(sent, nextDueAt, reason, at, id),
  };
}

export function createSqliteIntakeStore(
  db: SqliteDB,
  options: { onCommit?: () => void } = {},
): IntakeStore & { readonly pending: number } {
  const sql = statements(db.$client);
  const rows = rowsOn(sql);
  const caches = createIntakeCaches();
  const committer = createGroupCommitter({
    sqlite: db.$client,
    gate: db.$gate,
    openUnit: () => openIntakeUnit(rows, caches),
    unavailable: (cause) => new StorageUnavailableError(cause),
    onCommit: options.onCommit,
  });
  return {
    run: (work) => committer.run(work),
    nextReminderAt: () => db.$gate.exclusive(() => sql.nextReminder.get()?.at ?? null),
    get pending() {
      return committer.pending;
    },
  };
}
