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
export async function validSecrets(db: Executor, accountId: string, now = new Date()) {
  const rows = await db
    .select()
    .from(webhookSecrets)
    .where(
      and(
        eq(webhookSecrets.accountId, accountId),
        or(isNull(webhookSecrets.expiresAt), gt(webhookSecrets.expiresAt, now)),
      ),
    )
    .orderBy(desc(webhookSecrets.createdAt));
  return rows.map((row) => ({ ...row, secret: decryptSecret(row.secret) }));
}

/** The secret callers should sign with: the newest one that does not expire. */
export async function currentSecret(db: Executor, accountId: string) {
  return (await validSecrets(db, accountId)).find((s) => s.expiresAt === null) ?? null;
}

const globalForSecrets = globalThis as unknown as { beaconSecretsVersion?: number };

/** Moves on each time this process writes secrets, so caches of them (the intake's) drop theirs. */
export function secretsVersion(): number {
  return globalForSecrets.beaconSecretsVersion ?? 0;
}

function secretsChanged() {
  globalForSecrets.beaconSecretsVersion = secretsVersion() + 1;
}

export async function addWebhookSecret(
  db: Executor,
  accountId: string,
  secret = generateWebhookSecret(),
) {
  await db
    .insert(webhookSecrets)
    .values({ id: randomUUID(), accountId, secret: encryptSecret(secret) });
  secretsChanged();
  return secret;
}

/** Issues a new secret; the current ones keep working for the grace period, then expire. */
export async function rotateWebhookSecret(db: Executor, accountId: string, now = new Date()) {
  const secret = generateWebhookSecret();
  await db.transaction(async (tx) => {
    await tx
      .update(webhookSecrets)
      .set({ expiresAt: new Date(now.getTime() + ROTATION_GRACE_MS) })
      .where(and(eq(webhookSecrets.accountId, accountId), isNull(webhookSecrets.expiresAt)));
    await tx
      .insert(webhookSecrets)
      .values({ id: randomUUID(), accountId, secret: encryptSecret(secret) });
  });
  // After the write, not before: a cache filled while it was pending would pass for current.
  secretsChanged();
  return secret;
}

/** Ends every rotated-out secret of the account now, instead of at the end of its grace period. */
export async function revokeRetiringSecrets(
  db: Executor,
  accountId: string,
  now = new Date(),
): Promise<number> {
  const revoked = (
    await db
      .update(webhookSecrets)
      .set({ expiresAt: now })
      .where(and(eq(webhookSecrets.accountId, accountId), gt(webhookSecrets.expiresAt, now)))
      .returning({ id: webhookSecrets.id })
  ).length;
  secretsChanged();
  return revoked;
}

/**
 * The startup pass: every stored secret still in plaintext (or encrypted with a previous
 * key) is written again, encrypted with the current key. Returns how many were.
 */
export async function encryptStoredSecrets(db: Executor): Promise<number> {
  const rows = await db
    .select({ id: webhookSecrets.id, secret: webhookSecrets.secret })
    .from(webhookSecrets);
  let changed = 0;
  for (const row of rows) {
    if (!needsEncryption(row.secret)) continue;
    await db
      .update(webhookSecrets)
      .set({ secret: encryptSecret(decryptSecret(row.secret)) })
      .where(and(eq(webhookSecrets.id, row.id), eq(webhookSecrets.secret, row.secret)));
    changed++;
  }
  return changed;
}
