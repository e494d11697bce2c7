import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { accounts, integrations } from "@/db/schema";
import { addWebhookSecret } from "@/db/webhook-secrets";
import { defaultEmailSettings } from "@/lib/core/settings";

/**
 * A new account with its Email Integration (the mandatory fallback path: every account has
 * exactly one, created here and nowhere else) and its first webhook signing secret.
 */
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
