import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { accounts, integrations } from "@/db/schema";
import { addWebhookSecret } from "@/db/webhook-secrets";
import { defaultEmailSettings } from "@/lib/core/settings";

/**
 * A new account with its Email Integration (the mandatory fallback path: every account has
 * exactly one, created here and nowhere else) and its first webhook signing secret.
 */
export async function createAccount(
  db: Executor,
  input: { name: string; slug: string; webhookSecret?: string; defaults?: string[] },
) {
  return await db.transaction(async (tx) => {
    const id = randomUUID();
    await tx.insert(accounts).values({ id, name: input.name, slug: input.slug });
    await tx.insert(integrations).values({
      id: randomUUID(),
      accountId: id,
      kind: "email",
      settings: defaultEmailSettings(input.defaults),
    });
    await addWebhookSecret(tx, id, input.webhookSecret);
    return id;
  });
}
