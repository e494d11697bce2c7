import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { type Executor, first } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { insertPsaIntegration, psaIntegration } from "@/db/psa-integration";
import { deliveries, integrations, notifications, type SettingChange } from "@/db/schema";
import { writeTransaction } from "@/db/transactions";
import type { NotificationType } from "@/lib/core/events";
import { type DuplicateWarning, duplicateWarnings, type PsaSettings } from "@/lib/core/psa";
import { diffPsaSettings } from "@/lib/core/psa-form";
import type { EmailSettings } from "@/lib/core/settings";
import { addHistory } from "../data";

/*
 * The PSA integration's queries for the portal. Every one takes the session's account id
 * and puts it in its WHERE clause.
 */

type User = { id: string; email: string };

export type PsaSaveOutcome =
  | { ok: true; created: boolean; changes: SettingChange[] }
  | { ok: false; message: string };

/** Adds the account's PSA, or saves its settings; each change goes into its History. */
export function savePsa(
  db: Executor,
  input: { accountId: string; user: User; settings: PsaSettings; create: boolean },
): Promise<PsaSaveOutcome> {
  return writeTransaction(db, async (tx): Promise<PsaSaveOutcome> => {
    const now = new Date();
    const existing = await psaIntegration(tx, input.accountId);
    if (input.create && existing) {
      return {
        ok: false,
        message:
          "This account already has a PSA integration: only one is allowed. Edit it instead.",
      };
    }
    if (!input.create && !existing) {
      return {
        ok: false,
        message: "This account has no PSA integration any more. Add it again.",
      };
    }
    const changes = diffPsaSettings(existing?.settings ?? null, input.settings);
    if (!existing) {
      const created = await insertPsaIntegration(tx, input.accountId, input.settings, now);
      if (!created) return { ok: false, message: "This account already has a PSA integration." };
      await addHistory(tx, { ...input, integrationId: created.id, changes, at: now });
      return { ok: true, created: true, changes };
    }
    if (changes.length === 0) return { ok: true, created: false, changes };
    await tx
      .update(integrations)
      .set({ settings: input.settings, updatedAt: now })
      .where(
        and(
          eq(integrations.id, existing.integration.id),
          eq(integrations.accountId, input.accountId),
        ),
      );
    await addHistory(tx, { ...input, integrationId: existing.integration.id, changes, at: now });
    return { ok: true, created: false, changes };
  });
}

/**
 * Removes the PSA. Its own History goes with it, so the removal is written into the Email
 * Integration's History, which always exists. Tickets still queued for it fail on their next
 * attempt with "removed", and fall back to email.
 */
export function removePsa(
  db: Executor,
  input: { accountId: string; user: User },
): Promise<string | null> {
  return writeTransaction(db, async (tx) => {
    const existing = await psaIntegration(tx, input.accountId);
    if (!existing) return null;
    await tx
      .delete(integrations)
      .where(
        and(
          eq(integrations.id, existing.integration.id),
          eq(integrations.accountId, input.accountId),
        ),
      );
    const email = (await emailIntegration(tx, input.accountId)).integration;
    await addHistory(tx, {
      ...input,
      integrationId: email.id,
      changes: [{ field: "PSA integration", from: existing.settings.name, to: "removed" }],
      at: new Date(),
    });
    return existing.settings.name;
  });
}

/** Every address the Email Integration can send a type to: its account-level list and any rule's. */
export function routedAddresses(settings: EmailSettings) {
  return (type: NotificationType): string[] => {
    const typeSettings = settings.types[type];
    const accountLevel = typeSettings.override ? typeSettings.addresses : settings.defaults;
    const rules = settings.organizationRules.filter((rule) => rule.types.includes(type));
    return [...accountLevel, ...rules.flatMap((rule) => rule.addresses)];
  };
}

/** The duplicate warnings of the account as saved now (both forms show them). */
export async function accountDuplicateWarnings(
  db: Executor,
  accountId: string,
): Promise<DuplicateWarning[]> {
  const psa = await psaIntegration(db, accountId);
  if (!psa) return [];
  const { settings } = await emailIntegration(db, accountId);
  return duplicateWarnings(psa.settings, routedAddresses(settings));
}

export type PsaHealth = { failing: false } | { failing: true; error: string; at: Date };

/**
 * Whether the PSA is failing now: its latest real delivery ended failed or dead within the
 * last hour. What the Integrations page's banner and the PSA page say.
 */
export async function psaHealth(
  db: Executor,
  accountId: string,
  now = Date.now(),
): Promise<PsaHealth> {
  const latest = await first(
    db
      .select({
        status: deliveries.status,
        lastError: deliveries.lastError,
        updatedAt: deliveries.updatedAt,
      })
      .from(deliveries)
      .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
      .where(
        and(
          eq(deliveries.accountId, accountId),
          ne(deliveries.channel, "email"),
          eq(notifications.isTest, false),
        ),
      )
      .orderBy(desc(deliveries.createdAt))
      .limit(1),
  );
  if (!latest || (latest.status !== "failed" && latest.status !== "dead"))
    return { failing: false };
  if (now - latest.updatedAt.getTime() > 60 * 60_000) return { failing: false };
  return { failing: true, error: latest.lastError ?? "unknown error", at: latest.updatedAt };
}
