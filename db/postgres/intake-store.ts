import type { PoolClient, QueryResultRow } from "pg";
import type { DueReminder, IntakeStore, StoredAnswer } from "@/lib/intake/ports";
import { StorageUnavailableError } from "@/lib/intake/ports";
import type { PostgresDB } from "../client";
import { createIntakeCaches, type IntakeRows, type Org, openIntakeUnit } from "../intake-unit";
import { createPostgresGroupCommitter } from "./group-commit";
import { poolMax } from "./open";

/**
 * The intake's storage on PostgreSQL: the writes of one turn of the event loop share a few
 * transactions on pooled connections (db/postgres/group-commit.ts), with named statements,
 * which each connection prepares once, and about two round trips an event (its previous
 * answer by either key; the notification with its deliveries). Twins are settled by the
 * unique indexes: `on conflict do nothing` waits for a concurrent twin's transaction, then
 * finds it.
 */

const ANSWER = `id, body_hash as "bodyHash", state, suppressed_reason as "suppressedReason",
  recipient_count as "recipientCount"`;

const SQL = {
  // Both idempotency keys in one round trip; the webhook-id's match wins.
  previous: `select id, "bodyHash", state, "suppressedReason", "recipientCount", "matchedBy"
    from (
      select ${ANSWER}, 'webhook' as "matchedBy", 0 as rank from notifications
       where account_id = $1 and webhook_id = $2 and webhook_index = $3
      union all
      select ${ANSWER}, 'event', 1 from notifications
       where account_id = $1 and type = $4 and event_id = $5 and event_status = $6
         and follow_up_key = $7 and is_test = 0
    ) found order by rank limit 1`,
  original: `select id, state, organization_id as "organizationId" from notifications
    where account_id = $1 and type = $2 and event_id = $3 and event_status = 'open'
      and follow_up_key = '' and is_test = 0`,
  emailRecipients: `select recipient from deliveries
    where notification_id = $1 and channel = 'email' order by created_at, id`,
  upsertOrganization: `insert into organizations (id, account_id, external_id, name, created_at, updated_at)
    values ($1, $2, $3, $4, $5, $5)
    on conflict (account_id, external_id) do update
      set name = excluded.name, updated_at = excluded.updated_at
      where organizations.name <> excluded.name
    returning id, name`,
  organization: "select id, name from organizations where account_id = $1 and external_id = $2",
  // Both integrations' settings at once: most events need the PSA's after the email's.
  settings: `select kind, settings::text as settings from integrations
    where account_id = $1 and kind in ('email', 'psa')`,
  // The notification and its deliveries in one round trip; none of them when a twin is stored.
  insertNotification: `with n as (
      insert into notifications (id, account_id, organization_id, organization_name,
        event_id, type, event_status, follow_up_key, follows_id, severity, title, state,
        suppressed_reason, route_reason, is_test, payload, webhook_id, webhook_index, body_hash,
        subject, html, text, headers, recipient_count, held_for, created_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
        $19, $20, '', '', $21, $22, $23, $24)
      on conflict do nothing
      returning id
    ), d as (
      insert into deliveries (id, account_id, notification_id, recipient, channel, status,
        attempts, next_attempt_at, created_at, updated_at)
      select d.id, $2, n.id, d.recipient, d.channel, d.status, 0, d.next_at, $24, $24
        from n, unnest($25::text[], $26::text[], $27::text[], $28::text[], $29::bigint[])
          as d(id, recipient, channel, status, next_at)
    )
    select count(*)::int as inserted from n`,
  insertReminder: `insert into reminders (id, account_id, notification_id, type, event_id,
      anchor_at, every_ms, times, sent, next_due_at, updated_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10)`,
  endReminders: `update reminders set next_due_at = null, ended_reason = 'resolved', updated_at = $1
    where account_id = $2 and type = $3 and event_id = $4 and next_due_at is not null`,
  dueReminders: `select r.id, r.account_id as "accountId", a.slug, r.notification_id as "notificationId",
      r.anchor_at as "anchorAt", r.every_ms as "everyMs", r.times, r.sent, n.payload::text as payload
    from reminders r
    join accounts a on a.id = r.account_id
    left join notifications n on n.id = r.notification_id
    where r.next_due_at is not null and r.next_due_at <= $1
    order by r.next_due_at limit $2
    for update of r skip locked`,
  updateReminder:
    "update reminders set sent = $1, next_due_at = $2, ended_reason = $3, updated_at = $4 where id = $5",
  nextReminder: "select min(next_due_at) as at from reminders where next_due_at is not null",
} as const;

type Name = keyof typeof SQL;

function rowsOn(client: PoolClient): IntakeRows {
  async function all<T extends QueryResultRow>(name: Name, values: unknown[]): Promise<T[]> {
    return (await client.query<T>({ name: `intake_${name}`, text: SQL[name], values })).rows;
  }
  const one = async <T extends QueryResultRow>(name: Name, values: unknown[]) =>
    (await all<T>(name, values))[0];
  // One read of an account's settings per transaction, for both kinds.
  const settings = new Map<string, Promise<Map<string, string>>>();
  return {
    previous: (key) =>
      one<StoredAnswer>("previous", [
        key.accountId,
        key.webhookId,
        key.webhookIndex,
        key.type,
        key.eventId,
        key.eventStatus,
        key.followUpKey,
      ]),
    original: (...key) =>
      one<{ id: string; state: "queued" | "suppressed"; organizationId: string | null }>(
        "original",
        key,
      ),
    emailRecipients: async (id) =>
      (await all<{ recipient: string }>("emailRecipients", [id])).map((row) => row.recipient),
    upsertOrganization: (row) =>
      one<Org>("upsertOrganization", [row.id, row.accountId, row.externalId, row.name, row.at]),
    organization: (...key) => one<Org>("organization", key),
    async settingsText(accountId, kind) {
      let kinds = settings.get(accountId);
      if (!kinds) {
        kinds = all<{ kind: string; settings: string }>("settings", [accountId]).then(
          (rows) => new Map(rows.map((row) => [row.kind, row.settings])),
        );
        settings.set(accountId, kinds);
      }
      return (await kinds).get(kind);
    },
    endReminders: (...args) => all("endReminders", args),
    async insertNotification(n, deliveries) {
      const [row] = await all<{ inserted: number }>("insertNotification", [
        n.id,
        n.accountId,
        n.organizationId,
        n.organizationName,
        n.eventId,
        n.type,
        n.eventStatus,
        n.followUpKey,
        n.followsId,
        n.severity,
        n.title,
        n.state,
        n.suppressedReason,
        n.routeReason,
        n.isTest,
        n.payload,
        n.webhookId,
        n.webhookIndex,
        n.bodyHash,
        n.subject,
        n.headers,
        n.recipientCount,
        n.heldFor,
        n.createdAt,
        deliveries.map((d) => d.id),
        deliveries.map((d) => d.recipient),
        deliveries.map((d) => d.channel),
        deliveries.map((d) => d.status),
        deliveries.map((d) => d.nextAttemptAt),
      ]);
      return (row?.inserted ?? 0) > 0;
    },
    insertReminder: (r) =>
      all("insertReminder", [
        r.id,
        r.accountId,
        r.notificationId,
        r.type,
        r.eventId,
        r.anchorAt,
        r.everyMs,
        r.times,
        r.nextDueAt,
        r.at,
      ]),
    dueReminders: (now, limit) => all<DueReminder>("dueReminders", [now, limit]),
    updateReminder: (id, sent, nextDueAt, reason, at) =>
      all("updateReminder", [sent, nextDueAt, reason, at, id]),
  };
}

/**
 * PostgreSQL's answers that mean "the database can't take writes now": no connection (or a
 * lost one), the server shutting down, out of disk, memory or connections, read-only.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string")
    return error instanceof Error && /connect|terminat/i.test(error.message);
  return /^(08|53|57P|58|XX)/.test(code) || code === "25006" || /^E[A-Z]+$/.test(code);
}

export function createPostgresIntakeStore(
  db: PostgresDB,
  options: { onCommit?: () => void } = {},
): IntakeStore & { readonly pending: number } {
  const caches = createIntakeCaches();
  // One NOTIFY at a time for every intake committed meanwhile (migration 0004): sent from no
  // transaction of the intake's, it holds the notification-queue lock only for itself.
  let notifying = false;
  let notifyAgain = false;
  function wakeDispatchers() {
    if (notifying) {
      notifyAgain = true;
      return;
    }
    notifying = true;
    db.$pool
      .query("select pg_notify('beacon_work', '')")
      // Lost, the dispatchers still look at their next safety tick (db/commit-watch.ts).
      .catch(() => undefined)
      .finally(() => {
        notifying = false;
        if (notifyAgain) {
          notifyAgain = false;
          wakeDispatchers();
        }
      });
  }
  const committer = createPostgresGroupCommitter({
    pool: db.$pool,
    // One round trip: the wake-up triggers stay quiet, the NOTIFY follows the commit.
    begin: "begin; set local beacon.quiet = 'on'",
    openUnit: (client) => openIntakeUnit(rowsOn(client), caches),
    isUnavailable: (error) =>
      error instanceof StorageUnavailableError || isPostgresUnavailable(error),
    unavailable: (cause) =>
      cause instanceof StorageUnavailableError ? cause : new StorageUnavailableError(cause),
    // Leaves two of the pool's connections to the portal's reads and the NOTIFY.
    maxGroups: Math.max(1, poolMax() - 2),
    onCommit() {
      wakeDispatchers();
      options.onCommit?.();
    },
  });

  return {
    run: (work) => committer.run(work),
    async nextReminderAt() {
      const result = await db.$pool.query<{ at: number | null }>(SQL.nextReminder);
      return result.rows[0]?.at ?? null;
    },
    get pending() {
      return committer.pending;
    },
  };
}
