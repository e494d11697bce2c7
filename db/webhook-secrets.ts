import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { decryptSecret, encryptSecret, needsEncryption } from "@/db/encryption";
import { webhookSecrets } from "@/db/schema";

/** How long a rotated-out secret keeps verifying, so callers can switch without losing events. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function isWebhookSecret(value: string): boolean {
  return /^whsec_[A-Za-z0-9+/]{20,}={0,2}$/.test(value);
}

/**
 * Every secret that verifies a signature right now, newest first, in plaintext. The column
 * holds ciphertext (see lib/security/encryption.ts); legacy plaintext rows read as they are.
 */
export function validSecrets(db: Executor, accountId: string, now = new Date()) {
  const rows = db
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
  return rows.map((row) => ({ ...row, secret: decryptSecret(row.secret) }));
}

/** The secret callers should sign with: the newest one that does not expire. */
export function currentSecret(db: Executor, accountId: string) {
  return validSecrets(db, accountId).find((s) => s.expiresAt === null) ?? null;
}

const globalForSecrets = globalThis as unknown as { beaconSecretsVersion?: number };

/** Moves on each time this process writes secrets, so caches of them (the intake's) drop theirs. */
export function secretsVersion(): number {
  return globalForSecrets.beaconSecretsVersion ?? 0;
}

function secretsChanged() {
  globalForSecrets.beaconSecretsVersion = secretsVersion() + 1;
}

export function addWebhookSecret(
  db: Executor,
  accountId: string,
  secret = generateWebhookSecret(),
) {
  db.insert(webhookSecrets)
    .values({ id: randomUUID(), accountId, secret: encryptSecret(secret) })
    .run();
  secretsChanged();
  return secret;
}

/** Issues a new secret; the current ones keep working for the grace period, then expire. */
export function rotateWebhookSecret(db: Executor, accountId: string, now = new Date()) {
  secretsChanged();
  return db.transaction((tx) => {
    tx.update(webhookSecrets)
      .set({ expiresAt: new Date(now.getTime() + ROTATION_GRACE_MS) })
      .where(and(eq(webhookSecrets.accountId, accountId), isNull(webhookSecrets.expiresAt)))
      .run();
    const secret = generateWebhookSecret();
    tx.insert(webhookSecrets)
      .values({ id: randomUUID(), accountId, secret: encryptSecret(secret) })
      .run();
    return secret;
  });
}

/** Ends every rotated-out secret of the account now, instead of at the end of its grace period. */
export function revokeRetiringSecrets(db: Executor, accountId: string, now = new Date()): number {
  secretsChanged();
  return db
    .update(webhookSecrets)
    .set({ expiresAt: now })
    .where(and(eq(webhookSecrets.accountId, accountId), gt(webhookSecrets.expiresAt, now)))
    .run().changes;
}

/**
 * The startup pass: every stored secret still in plaintext (or encrypted with a previous
 * key) is written again, encrypted with the current key. Returns how many were.
 */
export function encryptStoredSecrets(db: Executor): number {
  const rows = db
    .select({ id: webhookSecrets.id, secret: webhookSecrets.secret })
    .from(webhookSecrets)
    .all();
  let changed = 0;
  for (const row of rows) {
    if (!needsEncryption(row.secret)) continue;
    db.update(webhookSecrets)
      .set({ secret: encryptSecret(decryptSecret(row.secret)) })
      .where(and(eq(webhookSecrets.id, row.id), eq(webhookSecrets.secret, row.secret)))
      .run();
    changed++;
  }
  return changed;
}
