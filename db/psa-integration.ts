import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { type PsaSettings, readStoredPsaSettings } from "@/lib/core/psa";
import { type Executor, first } from "./client";
import { decryptSecret, encryptSecret, needsEncryption } from "./encryption";
import { type Integration, integrations } from "./schema";
import { generateWebhookSecret } from "./webhook-secrets";

/*
 * The account's PSA integration (at most one: the unique (account, kind) index), its
 * settings read through the one validating accessor, and its signing secret, stored
 * encrypted and decrypted only for the transport and for an admin who reveals it.
 */

export async function psaIntegration(
  db: Executor,
  accountId: string,
): Promise<{ integration: Integration; settings: PsaSettings } | null> {
  const integration = await first(
    db
      .select()
      .from(integrations)
      .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "psa")))
      .limit(1),
  );
  return integration
    ? { integration, settings: readStoredPsaSettings(integration.settings) }
    : null;
}

/** The PSA's signing secret in plaintext, or null when the account has no PSA. */
export async function psaSecret(db: Executor, accountId: string): Promise<string | null> {
  const row = await first(
    db
      .select({ secret: integrations.secret })
      .from(integrations)
      .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "psa")))
      .limit(1),
  );
  return row?.secret ? decryptSecret(row.secret) : null;
}

/** Adds the PSA with a new signing secret; null when the account already has one. */
export async function insertPsaIntegration(
  db: Executor,
  accountId: string,
  settings: PsaSettings,
  at: Date,
): Promise<Integration | null> {
  return (
    (await first(
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
        .returning(),
    )) ?? null
  );
}

/** A new signing secret for the PSA; the old one stops signing at once (the PSA verifies). */
export async function rotatePsaSecret(
  db: Executor,
  accountId: string,
  at: Date,
): Promise<string | null> {
  const secret = generateWebhookSecret();
  const changed = (
    await db
      .update(integrations)
      .set({ secret: encryptSecret(secret), updatedAt: at })
      .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "psa")))
      .returning({ id: integrations.id })
  ).length;
  return changed > 0 ? secret : null;
}

/** The startup pass for PSA secrets (see encryptStoredSecrets): re-encrypted with the current key. */
export async function encryptStoredPsaSecrets(db: Executor): Promise<number> {
  const rows = await db
    .select({ id: integrations.id, secret: integrations.secret })
    .from(integrations)
    .where(eq(integrations.kind, "psa"));
  let changed = 0;
  for (const row of rows) {
    if (!row.secret || !needsEncryption(row.secret)) continue;
    await db
      .update(integrations)
      .set({ secret: encryptSecret(decryptSecret(row.secret)) })
      .where(and(eq(integrations.id, row.id), eq(integrations.secret, row.secret)));
    changed++;
  }
  return changed;
}
