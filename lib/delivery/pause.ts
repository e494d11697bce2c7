import { eq, isNull } from "drizzle-orm";
import { type Executor, first } from "@/db/client";
import { dispatchBatches, dispatchState } from "@/db/schema";

/**
 * A provider-wide stop (a daily or monthly quota, a refused API key), shared by every
 * dispatcher through the database and shown in the portal until it ends by itself or the
 * operator resumes (`npm run resume-sending`). It is deployment-wide state: no account's
 * admin can lift it, and `reason` (the provider's own error) is for the operator only.
 */
export type Pause = { until: number; reason: string };

const KEY = "pause";

export async function readPause(db: Executor): Promise<Pause | null> {
  const row = await first(
    db.select().from(dispatchState).where(eq(dispatchState.key, KEY)).limit(1),
  );
  if (!row) return null;
  try {
    const value = JSON.parse(row.value) as Pause;
    return typeof value.until === "number" && typeof value.reason === "string" ? value : null;
  } catch {
    return null;
  }
}

export async function setPause(db: Executor, pause: Pause) {
  const value = JSON.stringify(pause);
  await db
    .insert(dispatchState)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: dispatchState.key, set: { value, updatedAt: new Date() } });
}

export async function clearPause(db: Executor) {
  await db.delete(dispatchState).where(eq(dispatchState.key, KEY));
}

/** The operator's "resume now": lift the pause and let waiting batches go at once. */
export async function resumeSending(db: Executor) {
  await db.transaction(async (tx) => {
    await clearPause(tx);
    await tx
      .update(dispatchBatches)
      .set({ leaseUntil: new Date() })
      .where(isNull(dispatchBatches.leaseOwner));
  });
}
