import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { webhookSecrets } from "@/db/schema";

/** How long a rotated-out secret keeps verifying, so callers can switch without losing events. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function isWebhookSecret(value: string): boolean {
  return /^whsec_[A-Za-z0-9+/]{20,}={0,2}$/.test(value);
}

/** Every secret that verifies a signature right now, newest first. */
export function validSecrets(db: Executor, accountId: string, now = new Date()) {
  return db
    .select()
    .from(webhookSecrets)
    .where(
      and(
        eq(webhookSecrets.accountId, accountId),
        or(isNull(webhookSecrets.expiresAt), gt(webhookSecrets.expiresAt, now)),
      ),
    )
    .orderBy(desc(webhookSecrets.createdAt))
    .all();
}

/** The secret callers should sign with: the newest one that does not expire. */
export function currentSecret(db: Executor, accountId: string) {
  return validSecrets(db, accountId).find((s) => s.expiresAt === null) ?? null;
}

export function addWebhookSecret(
  db: Executor,
  accountId: string,
  secret = generateWebhookSecret(),
) {
  db.insert(webhookSecrets).values({ id: randomUUID(), accountId, secret }).run();
  return secret;
}

/** Issues a new secret; the current ones keep working for the grace period, then expire. */
export function rotateWebhookSecret(db: Executor, accountId: string, now = new Date()) {
  return db.transaction((tx) => {
    tx.update(webhookSecrets)
      .set({ expiresAt: new Date(now.getTime() + ROTATION_GRACE_MS) })
      .where(and(eq(webhookSecrets.accountId, accountId), isNull(webhookSecrets.expiresAt)))
      .run();
    const secret = generateWebhookSecret();
    tx.insert(webhookSecrets).values({ id: randomUUID(), accountId, secret }).run();
    return secret;
  });
}
