import type Database from "better-sqlite3";
import { uuidv7 } from "@/lib/core/ids";
import { type PsaSettings, readStoredPsaSettings } from "@/lib/core/psa";
import type { EmailSettings } from "@/lib/core/settings";
import { readStoredSettings } from "@/lib/core/settings";
import {
  type IntakeStore,
  type IntakeUnit,
  type NewNotification,
  StorageUnavailableError,
  type StoredAnswer,
} from "@/lib/intake/ports";
import type { ConnectionGate } from "./connection-gate";
import { createGroupCommitter } from "./group-commit";

/**
 * The intake's storage on SQLite: statements prepared once, the organization and settings
 * read through caches that stay valid across requests (settings are validated again only
 * when their stored text changes), and every write of every concurrent request in one group commit.
 */

type Org = { id: string; name: string };
type CachedSettings = { raw: string; settings: EmailSettings };

function statements(sqlite: Database.Database) {
  return {
    byWebhook: sqlite.prepare<[string, string, number], Omit<StoredAnswer, "matchedBy">>(
      `select id, body_hash as bodyHash, state, suppressed_reason as suppressedReason,
              recipient_count as recipientCount
         from notifications where account_id = ? and webhook_id = ? and webhook_index = ?`,
    ),
    byEvent: sqlite.prepare<
      [string, string, string, string, string],
      Omit<StoredAnswer, "matchedBy">
    >(
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
    settings: sqlite.prepare<[string], { settings: string }>(
      "select settings from integrations where account_id = ? and kind = 'email'",
    ),
    insertNotification: sqlite.prepare(
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
    insertDelivery: sqlite.prepare(
      `insert into deliveries (id, account_id, notification_id, recipient, status, attempts,
         next_attempt_at, created_at, updated_at)
       values (@id, @accountId, @notificationId, @recipient, 'queued', 0, @at, @at, @at)`,
    ),
    insertReminder: sqlite.prepare(
      `insert into reminders (id, account_id, notification_id, type, event_id, anchor_at,
         every_ms, times, sent, next_due_at, updated_at)
       values (@id, @accountId, @notificationId, @type, @eventId, @anchorAt, @everyMs, @times,
         0, @nextDueAt, @at)`,
    ),
    endReminders: sqlite.prepare<[number, string, string, string]>(
      `update reminders set next_due_at = null, ended_reason = 'resolved', updated_at = ?
        where account_id = ? and type = ? and event_id = ? and next_due_at is not null`,
    ),
    // A held delivery's next_attempt_at is its digest's slot (deliveries_held_idx).
    insertHeldDelivery: sqlite.prepare(
      `insert into deliveries (id, account_id, notification_id, recipient, status, attempts,
         next_attempt_at, created_at, updated_at)
       values (@id, @accountId, @notificationId, @recipient, 'held', 0, @until, @at, @at)`,
    ),
    psaSettings: sqlite.prepare<[string], { settings: string }>(
      "select settings from integrations where account_id = ? and kind = 'psa'",
    ),
    insertPsaDelivery: sqlite.prepare(
      `insert into deliveries (id, account_id, notification_id, recipient, channel, status,
         attempts, next_attempt_at, created_at, updated_at)
       values (@id, @accountId, @notificationId, @recipient, @channel, 'queued', 0, @at, @at, @at)`,
    ),
  };
}

export function createSqliteIntakeStore(
  sqlite: Database.Database,
  gate: ConnectionGate,
  options: { onCommit?: () => void } = {},
): IntakeStore & { readonly pending: number } {
  const sql = statements(sqlite);
  const organizations = new Map<string, Org>();
  const settingsCache = new Map<string, CachedSettings>();
  const psaCache = new Map<string, { raw: string | null; settings: PsaSettings | null }>();

  function openUnit(): IntakeUnit & { committed(): void } {
    // Organizations written in this transaction join the cache only once it has committed:
    // a rolled-back one must not be remembered.
    const written = new Map<string, Org>();
    const settingsSeen = new Map<string, EmailSettings>();
    const psaSeen = new Map<string, PsaSettings | null>();
    return {
      async previous(key) {
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
        return byEvent ? { ...byEvent, matchedBy: "event" } : null;
      },
      async original(accountId, type, eventId) {
        const row = sql.original.get(accountId, type, eventId);
        if (!row) return null;
        const emailRecipients = sql.emailRecipients.all(row.id).map((d) => d.recipient);
        return { ...row, emailRecipients };
      },
      async organization(accountId, externalId, name) {
        const cacheKey = `${accountId}\u0000${externalId}`;
        const known = written.get(cacheKey) ?? organizations.get(cacheKey);
        if (known && known.name === name) return known;
        const org =
          sql.upsertOrganization.get({
            id: uuidv7(),
            accountId,
            externalId,
            name,
            at: Date.now(),
          }) ?? sql.organization.get(accountId, externalId);
        if (!org) throw new Error(`organization ${externalId} could not be stored`);
        written.set(cacheKey, org);
        return org;
      },
      async settings(accountId) {
        const seen = settingsSeen.get(accountId);
        if (seen) return seen;
        const row = sql.settings.get(accountId);
        if (!row) throw new Error(`account ${accountId} has no Email Integration`);
        // Re-validated only when the stored text changes: comparing it is far cheaper.
        let cached = settingsCache.get(accountId);
        if (cached?.raw !== row.settings) {
          cached = { raw: row.settings, settings: readStoredSettings(JSON.parse(row.settings)) };
          settingsCache.set(accountId, cached);
        }
        settingsSeen.set(accountId, cached.settings);
        return cached.settings;
      },
      async psa(accountId) {
        if (psaSeen.has(accountId)) return psaSeen.get(accountId) ?? null;
        const raw = sql.psaSettings.get(accountId)?.settings ?? null;
        let cached = psaCache.get(accountId);
        if (cached?.raw !== raw) {
          cached = { raw, settings: raw === null ? null : readStoredPsaSettings(JSON.parse(raw)) };
          psaCache.set(accountId, cached);
        }
        psaSeen.set(accountId, cached.settings);
        return cached.settings;
      },
      async endReminders(accountId, type, eventId) {
        sql.endReminders.run(Date.now(), accountId, type, eventId);
      },
      async insert(row: NewNotification) {
        const inserted = sql.insertNotification.run({
          id: row.id,
          accountId: row.accountId,
          organizationId: row.organizationId,
          organizationName: row.organizationName,
          eventId: row.eventId,
          type: row.type,
          eventStatus: row.eventStatus,
          followUpKey: row.followUpKey,
          followsId: row.followsId,
          severity: row.severity,
          title: row.title,
          state: row.state,
          suppressedReason: row.suppressedReason,
          routeReason: row.routeReason,
          isTest: row.isTest ? 1 : 0,
          payload: row.payloadJson,
          webhookId: row.webhookId,
          webhookIndex: row.webhookIndex,
          bodyHash: row.bodyHash,
          subject: row.subject,
          headers: JSON.stringify(row.headers),
          recipientCount: row.recipients.length + (row.psa ? 1 : 0),
          heldFor: row.hold?.words ?? null,
          createdAt: row.createdAt,
        });
        if (inserted.changes === 0) return false;
        if (row.reminder) {
          sql.insertReminder.run({
            id: uuidv7(),
            accountId: row.accountId,
            notificationId: row.id,
            type: row.type,
            eventId: row.eventId,
            ...row.reminder,
            nextDueAt: row.reminder.anchorAt + row.reminder.everyMs,
            at: row.createdAt,
          });
        }
        // The PSA's one delivery of it, in the same outbox as its emails.
        if (row.psa) {
          sql.insertPsaDelivery.run({
            id: uuidv7(),
            accountId: row.accountId,
            notificationId: row.id,
            recipient: row.psa.recipient,
            channel: row.psa.channel,
            at: row.createdAt,
          });
        }
        // A delivery's first history entry ("queued", with the route's reason) is implied
        // by the delivery and its notification (notificationDetail shows it), not stored.
        for (const recipient of row.recipients) {
          const delivery = {
            id: uuidv7(),
            accountId: row.accountId,
            notificationId: row.id,
            recipient,
            at: row.createdAt,
          };
          if (row.hold) sql.insertHeldDelivery.run({ ...delivery, until: row.hold.until });
          else sql.insertDelivery.run(delivery);
        }
        return true;
      },
      committed() {
        for (const [key, org] of written) organizations.set(key, org);
        if (organizations.size > 50_000) organizations.clear();
      },
    };
  }

  const committer = createGroupCommitter<IntakeUnit>({
    sqlite,
    gate,
    openUnit,
    unavailable: (cause) => new StorageUnavailableError(cause),
    onCommit: options.onCommit,
  });
  return {
    run: (work) => committer.run(work),
    get pending() {
      return committer.pending;
    },
  };
}

const stores = new WeakMap<Database.Database, ReturnType<typeof createSqliteIntakeStore>>();

/** The one intake store of a connection (its caches and its group commit are per connection). */
export function intakeStoreFor(
  db: { $client: Database.Database; $gate: ConnectionGate },
  options: { onCommit?: () => void } = {},
) {
  let store = stores.get(db.$client);
  if (!store) {
    store = createSqliteIntakeStore(db.$client, db.$gate, options);
    stores.set(db.$client, store);
  }
  return store;
}
