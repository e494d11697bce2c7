import { uuidv7 } from "@/lib/core/ids";
import { type PsaSettings, readStoredPsaSettings } from "@/lib/core/psa";
import { type EmailSettings, readStoredSettings } from "@/lib/core/settings";
import type {
  DueReminder,
  IntakeKey,
  IntakeUnit,
  NewNotification,
  StoredAnswer,
} from "@/lib/intake/ports";

/*
 * The intake's unit of work, written once for both engines over the few row operations an
 * engine's adapter provides (db/sqlite/intake-store.ts prepares them once on its connection,
 * db/postgres/intake-store.ts runs them on the transaction's pooled connection). Here: the
 * caches that stay valid across requests (settings are validated again only when their
 * stored text changes) and the shape of an accepted notification's rows.
 */

export type Org = { id: string; name: string };
type Maybe<T> = T | undefined | Promise<T | undefined>;

/** The row operations of one write transaction, in the engine's own SQL. */
export type IntakeRows = {
  /** The notification stored under the webhook-id key, else under the event key. */
  previous(key: IntakeKey): Maybe<StoredAnswer>;
  original(
    accountId: string,
    type: string,
    eventId: string,
  ): Maybe<{ id: string; state: "queued" | "suppressed"; organizationId: string | null }>;
  emailRecipients(notificationId: string): string[] | Promise<string[]>;
  /** Inserts or renames; undefined when it existed with that name already. */
  upsertOrganization(row: {
    id: string;
    accountId: string;
    externalId: string;
    name: string;
    at: number;
  }): Maybe<Org>;
  organization(accountId: string, externalId: string): Maybe<Org>;
  /** The stored settings of the account's integration of this kind, as JSON text. */
  settingsText(accountId: string, kind: "email" | "psa"): Maybe<string>;
  endReminders(at: number, accountId: string, type: string, eventId: string): unknown;
  /** Inserts the notification and its deliveries; false (and neither) when a twin is stored. */
  insertNotification(
    row: NotificationValues,
    deliveries: DeliveryValues[],
  ): boolean | Promise<boolean>;
  insertReminder(row: ReminderValues): unknown;
  dueReminders(now: number, limit: number): DueReminder[] | Promise<DueReminder[]>;
  updateReminder(
    id: string,
    sent: number,
    nextDueAt: number | null,
    endedReason: string | null,
    at: number,
  ): unknown;
};

export type NotificationValues = ReturnType<typeof notificationValues>;
export type ReminderValues = {
  id: string;
  accountId: string;
  notificationId: string;
  type: string;
  eventId: string;
  anchorAt: number;
  everyMs: number;
  times: number;
  nextDueAt: number;
  at: number;
};
export type DeliveryValues = {
  id: string;
  accountId: string;
  notificationId: string;
  recipient: string;
  channel: "email" | "psa-webhook" | "psa-email";
  status: "queued" | "held";
  /** When it is due: now, or its digest's slot when held (deliveries_held_idx). */
  nextAttemptAt: number;
  at: number;
};

function notificationValues(row: NewNotification) {
  return {
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
  };
}

/**
 * A notification's deliveries: the PSA's one (in the same outbox as its emails), then one
 * per email recipient. A delivery's first history entry ("queued", with the route's reason)
 * is implied by the delivery and its notification (notificationDetail shows it), not stored.
 */
function deliveriesOf(row: NewNotification): DeliveryValues[] {
  const base = { accountId: row.accountId, notificationId: row.id, at: row.createdAt };
  const psa: DeliveryValues[] = row.psa
    ? [
        {
          id: uuidv7(),
          ...base,
          recipient: row.psa.recipient,
          channel: row.psa.channel,
          status: "queued",
          nextAttemptAt: row.createdAt,
        },
      ]
    : [];
  return psa.concat(
    row.recipients.map((recipient) => ({
      id: uuidv7(),
      ...base,
      recipient,
      channel: "email" as const,
      status: row.hold ? ("held" as const) : ("queued" as const),
      nextAttemptAt: row.hold ? row.hold.until : row.createdAt,
    })),
  );
}

/** What a store keeps between transactions: one per store. */
export function createIntakeCaches() {
  return {
    organizations: new Map<string, Org>(),
    settings: new Map<string, { raw: string; settings: EmailSettings }>(),
    psa: new Map<string, { raw: string | null; settings: PsaSettings | null }>(),
  };
}

export type IntakeCaches = ReturnType<typeof createIntakeCaches>;

/** One transaction's unit of work; `committed()` once its transaction is durable. */
export function openIntakeUnit(
  rows: IntakeRows,
  caches: IntakeCaches,
): IntakeUnit & { committed(): void } {
  // Organizations written in this transaction join the cache only once it has committed:
  // a rolled-back one must not be remembered.
  const written = new Map<string, Org>();
  const settingsSeen = new Map<string, EmailSettings>();
  const psaSeen = new Map<string, PsaSettings | null>();
  return {
    async previous(key) {
      return (await rows.previous(key)) ?? null;
    },
    async original(accountId, type, eventId) {
      const row = await rows.original(accountId, type, eventId);
      if (!row) return null;
      return { ...row, emailRecipients: await rows.emailRecipients(row.id) };
    },
    async organization(accountId, externalId, name) {
      const cacheKey = `${accountId}\u0000${externalId}`;
      const known = written.get(cacheKey) ?? caches.organizations.get(cacheKey);
      if (known && known.name === name) return known;
      const org =
        (await rows.upsertOrganization({
          id: uuidv7(),
          accountId,
          externalId,
          name,
          at: Date.now(),
        })) ?? (await rows.organization(accountId, externalId));
      if (!org) throw new Error(`organization ${externalId} could not be stored`);
      written.set(cacheKey, org);
      return org;
    },
    async settings(accountId) {
      const seen = settingsSeen.get(accountId);
      if (seen) return seen;
      const raw = await rows.settingsText(accountId, "email");
      if (raw === undefined) throw new Error(`account ${accountId} has no Email Integration`);
      // Re-validated only when the stored text changes: comparing it is far cheaper.
      let cached = caches.settings.get(accountId);
      if (cached?.raw !== raw) {
        cached = { raw, settings: readStoredSettings(JSON.parse(raw)) };
        caches.settings.set(accountId, cached);
      }
      settingsSeen.set(accountId, cached.settings);
      return cached.settings;
    },
    async psa(accountId) {
      if (psaSeen.has(accountId)) return psaSeen.get(accountId) ?? null;
      const raw = (await rows.settingsText(accountId, "psa")) ?? null;
      let cached = caches.psa.get(accountId);
      if (cached?.raw !== raw) {
        cached = { raw, settings: raw === null ? null : readStoredPsaSettings(JSON.parse(raw)) };
        caches.psa.set(accountId, cached);
      }
      psaSeen.set(accountId, cached.settings);
      return cached.settings;
    },
    async endReminders(accountId, type, eventId) {
      await rows.endReminders(Date.now(), accountId, type, eventId);
    },
    async insert(row: NewNotification) {
      if (!(await rows.insertNotification(notificationValues(row), deliveriesOf(row)))) {
        return false;
      }
      if (row.reminder) {
        await rows.insertReminder({
          id: uuidv7(),
          accountId: row.accountId,
          notificationId: row.id,
          at: row.createdAt,
          type: row.type,
          eventId: row.eventId,
          ...row.reminder,
          nextDueAt: row.reminder.anchorAt + row.reminder.everyMs,
        });
      }
      return true;
    },
    async dueReminders(now, limit) {
      return rows.dueReminders(now, limit);
    },
    async updateReminder(id, change) {
      await rows.updateReminder(id, change.sent, change.nextDueAt, change.endedReason, Date.now());
    },
    committed() {
      for (const [key, org] of written) caches.organizations.set(key, org);
      if (caches.organizations.size > 50_000) caches.organizations.clear();
    },
  };
}
