import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accounts, integrations } from "@/db/schema";
import { defaultEmailSettings } from "@/lib/core/settings";
import { addWebhookSecret, currentSecret } from "@/lib/webhooks/secrets";

/**
 * The Email Integration is the mandatory fallback path: every account has exactly one.
 * Idempotent (the unique index on account+kind settles races), so any page may call it.
 */
export function ensureEmailIntegration(db: Executor, accountId: string) {
  db.insert(integrations)
    .values({ id: randomUUID(), accountId, kind: "email", settings: defaultEmailSettings() })
    .onConflictDoNothing()
    .run();
  if (!currentSecret(db, accountId)) addWebhookSecret(db, accountId);
  return db
    .select()
    .from(integrations)
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")))
    .get()!;
}

export function createAccount(
  db: Executor,
  input: { name: string; slug: string; webhookSecret?: string; defaults?: string[] },
) {
  return db.transaction((tx) => {
    const id = randomUUID();
    tx.insert(accounts).values({ id, name: input.name, slug: input.slug }).run();
    tx.insert(integrations)
      .values({
        id: randomUUID(),
        accountId: id,
        kind: "email",
        settings: defaultEmailSettings(input.defaults),
      })
      .run();
    addWebhookSecret(tx, id, input.webhookSecret);
    return id;
  });
}
