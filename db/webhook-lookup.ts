import { eq } from "drizzle-orm";
import { secretsVersion, validSecrets } from "@/db/webhook-secrets";
import { connectionOf, type DB, first } from "./client";
import { accounts as accountsTable } from "./schema";

/**
 * What signature verification reads on every webhook, cached: an account's id by slug
 * (slugs never change) and the secrets valid for it. Secrets are cached for a short time
 * only, and dropped at once when this process adds, rotates or revokes one (secretsVersion),
 * so a change made on another instance is seen within SECRET_TTL_MS.
 */
export type WebhookLookup = {
  account(slug: string): Promise<{ id: string; slug: string } | null>;
  secrets(accountId: string, now: Date): Promise<string[]>;
};

const ACCOUNT_TTL_MS = 60_000;
const SECRET_TTL_MS = 2_000;

export function createWebhookLookup(db: DB): WebhookLookup {
  const accounts = new Map<string, { value: { id: string; slug: string } | null; at: number }>();
  const secrets = new Map<
    string,
    { value: { secret: string; expiresAt: Date | null }[]; at: number; version: number }
  >();
  return {
    async account(slug) {
      const now = Date.now();
      const cached = accounts.get(slug);
      if (cached && now - cached.at < ACCOUNT_TTL_MS) return cached.value;
      const value =
        (await first(
          db
            .select({ id: accountsTable.id, slug: accountsTable.slug })
            .from(accountsTable)
            .where(eq(accountsTable.slug, slug))
            .limit(1),
        )) ?? null;
      if (accounts.size > 10_000) accounts.clear();
      accounts.set(slug, { value, at: now });
      return value;
    },
    async secrets(accountId, now) {
      const version = secretsVersion();
      const cached = secrets.get(accountId);
      let rows = cached?.value;
      if (!cached || cached.version !== version || Date.now() - cached.at >= SECRET_TTL_MS) {
        rows = (await validSecrets(db, accountId, now)).map(({ secret, expiresAt }) => ({
          secret,
          expiresAt,
        }));
        secrets.set(accountId, { value: rows, at: Date.now(), version });
      }
      return (rows ?? [])
        .filter((row) => row.expiresAt === null || row.expiresAt.getTime() > now.getTime())
        .map((row) => row.secret);
    },
  };
}

const lookups = new WeakMap<object, WebhookLookup>();

export function webhookLookupFor(db: DB): WebhookLookup {
  let lookup = lookups.get(connectionOf(db));
  if (!lookup) {
    lookup = createWebhookLookup(db);
    lookups.set(connectionOf(db), lookup);
  }
  return lookup;
}
