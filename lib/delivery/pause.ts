import { eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { dispatchBatches, dispatchState } from "@/db/schema";

/**
 * A provider-wide stop (a daily or monthly quota, a refused API key), shared by every
 * dispatcher through the database and shown in the portal until it ends by itself or the
 * operator resumes (`npm run resume-sending`). It is deployment-wide state: no account's
 * admin can lift it, and `reason` (the provider's own error) is for the operator only.
 */
export type Pause = { until: number; reason: string };

const KEY = "pause";

export function readPause(db: Executor): Pause | null {
  const row = db.select().from(dispatchState).where(eq(dispatchState.key, KEY)).get();
  if (!row) return null;
  try {
    const value = JSON.parse(row.value) as Pause;
    return typeof value.until === "number" && typeof value.reason === "string" ? value : null;
  } catch {
    return null;
  }
}

export function setPause(db: Executor, pause: Pause) {
  const value = JSON.stringify(pause);
  db.insert(dispatchState)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: dispatchState.key, set: { value, updatedAt: new Date() } })
    .run();
}

export function clearPause(db: Executor) {
  db.delete(dispatchState).where(eq(dispatchState.key, KEY)).run();
}

/** The operator's "resume now": lift the pause and let waiting batches go at once. */
export function resumeSending(db: Executor) {
  db.transaction((tx) => {
    clearPause(tx);
    tx.update(dispatchBatches)
      .set({ leaseUntil: new Date() })
      .where(isNull(dispatchBatches.leaseOwner))
      .run();
  });
}
