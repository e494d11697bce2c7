import { createHash } from "node:crypto";
import {
  and,
  asc,
  eq,
  inArray,
  isNotNull,
  lte,
  min,
  ne,
  notInArray,
  type SQL,
  sql,
} from "drizzle-orm";
import { type DB, type Executor, first } from "@/db/client";
import { skipLocked } from "@/db/row-locks";
import {
  deliveries,
  deliveryEvents,
  dispatchBatches,
  integrations,
  notifications,
} from "@/db/schema";
import { lockingTransaction } from "@/db/transactions";
import { uuidv7 } from "@/lib/core/ids";
import { DELIVERY_CHANNELS, type DeliveryChannel, readStoredPsaSettings } from "@/lib/core/psa";
import { packBatchBody, unpackBatchBody } from "./batch-body";
import type { OutboundEmail, TicketSource, Transport } from "./transport";

/*
 * Claiming work: a batch is one provider call. Its row, with the exact request bytes and
 * idempotency key, is committed before the call, so whoever sends it next (this dispatcher
 * on a retry, another after a crash) sends the same bytes with the same key. Claims run in
 * claim transactions (IMMEDIATE on SQLite; on PostgreSQL their rows locked FOR UPDATE SKIP
 * LOCKED), so two dispatchers never claim the same work and never wait for each other.
 */

/** Queued deliveries, as a literal so SQLite can use the partial index deliveries_due_idx. */
const QUEUED = sql`${deliveries.status} = 'queued'`;

export type ClaimedBatch = { id: string; key: string; body: string; deliveryIds: string[] };

/** Who claims: the lease says how long the batch is theirs before others may take it over. */
export type Claimant = { db: DB; owner: string; leaseMs: number };

/**
 * A lane of the one outbox: the deliveries of some channels, sent by one transport. Its
 * name is what its batches record as their transport, so each lane takes over only its own.
 */
export type LaneFilter = { name: string; channels: readonly DeliveryChannel[] };

const emailLane = (transport: Transport): LaneFilter => ({
  name: transport.name,
  channels: ["email"],
});

/** Derived from the deliveries and their attempt numbers: a new attempt after a Retry gets a new key. */
function idempotencyKeyFor(rows: { id: string; attempts: number }[]): string {
  const material = rows.map((row) => `${row.id}:${row.attempts}`).join(",");
  return `beacon-${createHash("sha256").update(material).digest("hex")}`;
}

export async function recordEvents(
  tx: Executor,
  deliveryIds: string[],
  status: string,
  detail: string | null,
  at: Date,
) {
  if (deliveryIds.length === 0) return;
  await tx.insert(deliveryEvents).values(
    deliveryIds.map((deliveryId) => ({
      id: uuidv7(),
      deliveryId,
      status,
      detail,
      source: "dispatcher" as const,
      occurredAt: at,
    })),
  );
}

/**
 * Looked up before a claim takes the write lock: most steps find nothing in most lanes, and
 * an empty IMMEDIATE transaction still makes the intake wait for the lock. The claim itself
 * looks again inside its transaction, so two dispatchers still never claim the same work.
 */
async function exists(query: { limit(n: number): PromiseLike<unknown[]> }): Promise<boolean> {
  return (await first(query.limit(1))) !== undefined;
}

/** Takes over one batch whose owner went silent (crashed, or a retry whose wait is over). */
export async function claimExpiredBatch(
  { db, owner, leaseMs }: Claimant,
  now: number,
  /** Only batches of this lane, or of none of these (the email lane takes any other). */
  lane?: { only: string } | { except: string[] },
): Promise<ClaimedBatch | null> {
  const expired = and(
    lte(dispatchBatches.leaseUntil, new Date(now)),
    lane === undefined
      ? undefined
      : "only" in lane
        ? eq(dispatchBatches.transport, lane.only)
        : notInArray(dispatchBatches.transport, lane.except),
  );
  if (!(await exists(db.select({ id: dispatchBatches.id }).from(dispatchBatches).where(expired))))
    return null;
  return lockingTransaction(db, async (tx) => {
    const batch = await first(
      skipLocked(
        tx
          .select()
          .from(dispatchBatches)
          .where(expired)
          .orderBy(asc(dispatchBatches.leaseUntil))
          .limit(1),
      ),
    );
    if (!batch) return null;
    await tx
      .update(dispatchBatches)
      .set({
        leaseOwner: owner,
        leaseUntil: new Date(now + leaseMs),
        attempts: batch.attempts + 1,
      })
      .where(eq(dispatchBatches.id, batch.id));
    const ids = (
      await tx
        .update(deliveries)
        .set({ attempts: sql`${deliveries.attempts} + 1`, updatedAt: new Date(now) })
        .where(eq(deliveries.batchId, batch.id))
        .returning({ id: deliveries.id })
    ).map((row) => row.id);
    return {
      id: batch.id,
      key: batch.idempotencyKey,
      body: unpackBatchBody(batch.body),
      deliveryIds: ids,
    };
  });
}

type Draft = ClaimedBatch & { attempts: Map<string, number> };

/**
 * The request for up to one batch of due deliveries, read and built without claiming them:
 * the emails read back (inflated), encoded and packed. `attempts` are the ones read, before
 * this claim adds its own.
 */
async function draftBatch(
  exec: Executor,
  transport: Transport,
  from: string,
  due: SQL | undefined,
  tickets: boolean,
  lock = false,
): Promise<Draft | null> {
  const query = exec
    .select({
      id: deliveries.id,
      notificationId: deliveries.notificationId,
      attempts: deliveries.attempts,
      recipient: deliveries.recipient,
      subject: notifications.subject,
      html: notifications.html,
      text: notifications.text,
      headers: notifications.headers,
    })
    .from(deliveries)
    .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
    .where(due)
    .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.createdAt))
    .limit(transport.maxBatchSize);
  const rows = await (lock ? skipLocked(query, deliveries) : query);
  if (rows.length === 0) return null;
  const claimed = rows.map((row) => ({ ...row, attempts: row.attempts + 1 }));
  const emails: OutboundEmail[] = [];
  for (const row of claimed) {
    emails.push({
      deliveryId: row.id,
      from,
      to: row.recipient,
      subject: row.subject,
      html: row.html,
      text: row.text,
      headers: row.headers,
      ...(tickets ? { ticket: await ticketSource(exec, row.notificationId) } : {}),
    });
  }
  return {
    id: uuidv7(),
    key: idempotencyKeyFor(claimed),
    body: transport.encode(emails),
    deliveryIds: claimed.map((row) => row.id),
    attempts: new Map(rows.map((row) => [row.id, row.attempts])),
  };
}

/**
 * Whether every delivery of the draft is still queued with the attempts it was built with;
 * on PostgreSQL they are locked for this claim once it says so.
 */
async function stillClaimable(tx: Executor, draft: Draft): Promise<boolean> {
  const rows = await skipLocked(
    tx
      .select({ id: deliveries.id, attempts: deliveries.attempts })
      .from(deliveries)
      .where(and(inArray(deliveries.id, draft.deliveryIds), QUEUED)),
  );
  return (
    rows.length === draft.deliveryIds.length &&
    rows.every((row) => draft.attempts.get(row.id) === row.attempts)
  );
}

/**
 * Claims up to one batch of due deliveries and writes the request before it is made. The
 * request is built before the write lock (reading, inflating, encoding and packing 100 emails
 * was most of the time the claim held it, and the webhook's commits wait for that lock); under
 * the lock the claim checks that nobody took or retried those deliveries meanwhile, and builds
 * the request again there if someone did.
 */
export async function claimNewBatch(
  { db, owner, leaseMs }: Claimant,
  transport: Transport,
  from: string,
  now: number,
  lane: LaneFilter = emailLane(transport),
): Promise<ClaimedBatch | null> {
  const tickets = lane.channels.includes("psa-webhook");
  const due = and(
    QUEUED,
    channelFilter(lane.channels),
    lte(deliveries.nextAttemptAt, new Date(now)),
    isNotNull(notifications.renderedAt),
  );
  const draft = await draftBatch(db, transport, from, due, tickets);
  if (!draft) return null;
  const packed = packBatchBody(draft.body);
  return lockingTransaction(db, async (tx) => {
    const current = await stillClaimable(tx, draft);
    const batch = current ? draft : await draftBatch(tx, transport, from, due, tickets, true);
    if (!batch) return null;
    await tx.insert(dispatchBatches).values({
      id: batch.id,
      idempotencyKey: batch.key,
      body: current ? packed : packBatchBody(batch.body),
      transport: lane.name,
      leaseOwner: owner,
      leaseUntil: new Date(now + leaseMs),
      attempts: 1,
    });
    await tx
      .update(deliveries)
      .set({
        status: "sending",
        batchId: batch.id,
        attempts: sql`${deliveries.attempts} + 1`,
        updatedAt: new Date(now),
      })
      .where(inArray(deliveries.id, batch.deliveryIds));
    await recordEvents(
      tx,
      batch.deliveryIds,
      "sending",
      `Handed to ${transport.name}`,
      new Date(now),
    );
    const { attempts: _read, ...claimed } = batch;
    return claimed;
  });
}

/**
 * The deliveries of these channels. Without email, the term `channel <> 'email'` lets SQLite
 * use the small partial index of the PSA's deliveries; with every channel, no term at all
 * keeps the email lane's plan as it always was.
 */
function channelFilter(channels: readonly DeliveryChannel[]) {
  if (DELIVERY_CHANNELS.every((channel) => channels.includes(channel))) return undefined;
  const listed =
    channels.length === 1
      ? eq(deliveries.channel, channels[0] as DeliveryChannel)
      : inArray(deliveries.channel, [...channels]);
  return channels.includes("email") ? listed : and(ne(deliveries.channel, "email"), listed);
}

/**
 * What a PSA ticket needs beyond the email: the event, and the reference that ties a resolved
 * event to the ticket its open event made (the open notification's id).
 */
async function ticketSource(
  tx: Executor,
  notificationId: string,
): Promise<TicketSource | undefined> {
  const row = await first(
    tx
      .select({
        id: notifications.id,
        accountId: notifications.accountId,
        type: notifications.type,
        eventId: notifications.eventId,
        eventStatus: notifications.eventStatus,
        isTest: notifications.isTest,
        payload: notifications.payload,
      })
      .from(notifications)
      .where(eq(notifications.id, notificationId))
      .limit(1),
  );
  if (!row) return undefined;
  const opened =
    row.eventStatus === "resolved" && !row.isTest
      ? await first(
          tx
            .select({ id: notifications.id })
            .from(notifications)
            .where(
              and(
                eq(notifications.accountId, row.accountId),
                eq(notifications.type, row.type),
                eq(notifications.eventId, row.eventId),
                eq(notifications.eventStatus, "open"),
                eq(notifications.isTest, false),
              ),
            )
            .limit(1),
        )
      : undefined;
  const psa = await first(
    tx
      .select({ settings: integrations.settings })
      .from(integrations)
      .where(and(eq(integrations.accountId, row.accountId), eq(integrations.kind, "psa")))
      .limit(1),
  );
  const settings = psa ? readStoredPsaSettings(psa.settings) : null;
  return {
    notificationId: row.id,
    accountId: row.accountId,
    reference: opened?.id ?? row.id,
    isTest: row.isTest,
    payload: row.payload,
    // Empty when the PSA was removed or switched to email since: the transport says so.
    endpoint: settings?.method === "webhook" ? settings.endpoint : "",
  };
}

/** When the next piece of work falls due: a queued delivery, or a batch whose lease or wait ends. */
export async function nextDueAt(
  db: DB,
  lanes?: { channels: readonly DeliveryChannel[]; exceptBatches: string[] },
): Promise<number | null> {
  const channels = lanes?.channels ? [...lanes.channels] : undefined;
  const queued = (
    await first(
      db
        .select({ at: min(deliveries.nextAttemptAt) })
        .from(deliveries)
        .where(and(QUEUED, channels ? channelFilter(channels) : undefined))
        .limit(1),
    )
  )?.at;
  const batch = (
    await first(
      db
        .select({ at: min(dispatchBatches.leaseUntil) })
        .from(dispatchBatches)
        .where(
          lanes?.exceptBatches.length
            ? notInArray(dispatchBatches.transport, lanes.exceptBatches)
            : undefined,
        )
        .limit(1),
    )
  )?.at;
  const times = [queued, batch].filter((t): t is Date => !!t).map((t) => t.getTime());
  return times.length ? Math.min(...times) : null;
}
