import { and, desc, eq, lt, lte, or } from "drizzle-orm";
import { errorText } from "@/lib/core/error-text";
import { uuidv7 } from "@/lib/core/ids";
import { connectionOf, type DB, first } from "./client";
import { inboundRefusals } from "./schema";

/*
 * The refused half of the inbound request log. A refused request is queued in memory and
 * written later, in one small transaction per flush, so the webhook's answer never waits for
 * it and the intake's group commit never shares a transaction with it. Everything is bounded:
 * the queue (a flood is dropped, not buffered), the rows kept per account, and their age.
 */

export type Refusal = {
  accountId: string;
  webhookId: string | null;
  endpoint: "single" | "batch";
  status: number;
  code: string;
  message: string;
  fields: { field: string; message: string }[];
  at: number;
};

export const REFUSAL_RETENTION_MS = 7 * 24 * 3_600_000;
const MAX_QUEUE = 500;
// One account flooding bad requests fills only its own share, never another account's.
const MAX_QUEUED_PER_ACCOUNT = 50;
const MAX_ROWS_PER_ACCOUNT = 1_000;
const MAX_FIELDS = 20;
const FLUSH_AFTER_MS = 250;

// What the caller sent is shown to the account's people: printable, and short.
function clip(value: string, max: number): string {
  const printable = value.replace(/[^\x20-\x7e\u00a0-\uffff]/g, "?");
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}

export function sanitizeRefusal(refusal: Refusal): Refusal {
  return {
    ...refusal,
    webhookId: refusal.webhookId === null ? null : clip(refusal.webhookId, 200),
    code: clip(refusal.code, 40),
    message: clip(refusal.message, 500),
    fields: refusal.fields.slice(0, MAX_FIELDS).map((f) => ({
      field: clip(String(f.field), 200),
      message: clip(String(f.message), 300),
    })),
  };
}

export type RefusalRecorder = {
  /** Whether a refusal of this account would be queued now (cheap: ask before any work). */
  accepts(accountId: string): boolean;
  /** Queues a refusal; false when the queue (or the account's share) is full and it was dropped. */
  record(refusal: Refusal): boolean;
  /** Writes what is queued now (the timer calls it; tests call it directly). */
  flush(now?: number): Promise<void>;
  readonly queued: number;
};

export function createRefusalRecorder(
  db: DB,
  options: {
    maxQueue?: number;
    maxQueuedPerAccount?: number;
    maxRowsPerAccount?: number;
    flushAfterMs?: number;
  } = {},
): RefusalRecorder {
  const maxQueue = options.maxQueue ?? MAX_QUEUE;
  const maxRows = options.maxRowsPerAccount ?? MAX_ROWS_PER_ACCOUNT;
  const maxPerAccount = options.maxQueuedPerAccount ?? MAX_QUEUED_PER_ACCOUNT;
  const queuedBy = new Map<string, number>();
  let queue: Refusal[] = [];
  let timer: NodeJS.Timeout | null = null;
  let warned = false;

  function write(items: Refusal[], now: number) {
    const accounts = new Set(items.map((r) => r.accountId));
    return db.transaction(async (tx) => {
      await tx.insert(inboundRefusals).values(
        items.map((r) => ({
          id: uuidv7(r.at),
          accountId: r.accountId,
          webhookId: r.webhookId,
          endpoint: r.endpoint,
          status: r.status,
          code: r.code,
          message: r.message,
          fields: r.fields,
          createdAt: new Date(r.at),
        })),
      );
      for (const accountId of accounts) {
        const mine = eq(inboundRefusals.accountId, accountId);
        await tx
          .delete(inboundRefusals)
          .where(and(mine, lt(inboundRefusals.createdAt, new Date(now - REFUSAL_RETENTION_MS))));
        // The newest maxRows rows of an account stay; the one just past them marks the cut.
        const cut = await first(
          tx
            .select({ at: inboundRefusals.createdAt, id: inboundRefusals.id })
            .from(inboundRefusals)
            .where(mine)
            .orderBy(desc(inboundRefusals.createdAt), desc(inboundRefusals.id))
            .limit(1)
            .offset(maxRows),
        );
        if (cut)
          await tx
            .delete(inboundRefusals)
            .where(
              and(
                mine,
                lte(inboundRefusals.createdAt, cut.at),
                or(lt(inboundRefusals.createdAt, cut.at), lte(inboundRefusals.id, cut.id)),
              ),
            );
      }
    });
  }

  async function flush(now = Date.now()) {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    // Its own small transaction, after whatever holds the connection now.
    const items = queue;
    queue = [];
    queuedBy.clear();
    try {
      await write(items, now);
    } catch (error) {
      // The log is a debugging aid: a full or read-only disk loses these rows, not requests.
      if (!warned) console.error("Could not record refused webhook requests:", errorText(error));
      warned = true;
    }
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => void flush(), options.flushAfterMs ?? FLUSH_AFTER_MS);
    timer.unref?.();
  }

  function accepts(accountId: string) {
    return queue.length < maxQueue && (queuedBy.get(accountId) ?? 0) < maxPerAccount;
  }

  return {
    accepts,
    record(refusal) {
      if (!accepts(refusal.accountId)) return false;
      queue.push(sanitizeRefusal(refusal));
      queuedBy.set(refusal.accountId, (queuedBy.get(refusal.accountId) ?? 0) + 1);
      schedule();
      return true;
    },
    flush,
    get queued() {
      return queue.length;
    },
  };
}

const recorders = new WeakMap<object, RefusalRecorder>();

export function refusalRecorderFor(db: DB): RefusalRecorder {
  let recorder = recorders.get(connectionOf(db));
  if (!recorder) {
    recorder = createRefusalRecorder(db);
    recorders.set(connectionOf(db), recorder);
  }
  return recorder;
}
