import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { type PsaSettings, readStoredPsaSettings } from "@/lib/core/psa";
import type { Executor } from "./client";
import { decryptSecret, encryptSecret, needsEncryption } from "./encryption";
import { type Integration, integrations } from "./schema";
import { generateWebhookSecret } from "./webhook-secrets";

/*
 * The account's PSA integration (at most one: the unique (account, kind) index), its
 * settings read through the one validating accessor, and its signing secret, stored
 * encrypted and decrypted only for the transport and for an admin who reveals it.
 */

export function psaIntegration(
  db: Executor,
  accountId: string,
): { integration: Integration; settings: PsaSettings } | null {
  const integration = db
    .select()
    .from(integrations)
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "psa")))
    .get();
  return integration
    ? { integration, settings: readStoredPsaSettings(integration.settings) }
    : null;
}

/** The PSA's signing secret in plaintext, or null when the account has no PSA. */
export function psaSecret(db: Executor, accountId: string): string | null {
  const row = db
    .select({ secret: integrations.secret })
    .from(integrations)
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "psa")))
    .get();
  return row?.secret ? decryptSecret(row.secret) : null;
}

/** Adds the PSA with a new signing secret; null when the account already has one. */
export function insertPsaIntegration(
  db: Executor,
  accountId: string,
  settings: PsaSettings,
  at: Date,
): Integration | null {
  return (
    db
      .insert(integrations)
      .values({
        id: randomUUID(),
        accountId,
        kind: "psa",
        settings,
        secret: encryptSecret(generateWebhookSecret()),
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing()
      .returning()
      .get() ?? null
  );
}

/** A new signing secret for the PSA; the old one stops signing at once (the PSA verifies). */
export function rotatePsaSecret(db: Executor, accountId: string, at: Date): string | null {
  const secret = generateWebhookSecret();
  const changed = db
    .update(integrations)
    .set({ secret: encryptSecret(secret), updatedAt: at })
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "psa")))
    .run().changes;
  return changed > 0 ? secret : null;
}

/** The startup pass for PSA secrets (see encryptStoredSecrets): re-encrypted with the current key. */
export function encryptStoredPsaSecrets(db: Executor): number {
  const rows = db
    .select({ id: integrations.id, secret: integrations.secret })
    .from(integrations)
    .where(eq(integrations.kind, "psa"))
    .all();
  let changed = 0;
  for (const row of rows) {
    if (!row.secret || !needsEncryption(row.secret)) continue;
    db.update(integrations)
      .set({ secret: encryptSecret(decryptSecret(row.secret)) })
      .where(and(eq(integrations.id, row.id), eq(integrations.secret, row.secret)))
      .run();
    changed++;
  }
  return changed;
}
