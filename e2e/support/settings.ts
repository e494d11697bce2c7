import { and, eq } from "drizzle-orm";
import { integrations } from "@/db/schema";
import { type EmailSettings, readStoredSettings } from "@/lib/core/settings";
import { e2eDb } from "./accounts";

/** An account's Email Integration, straight from the database. */
export function emailIntegration(accountId: string) {
  const row = e2eDb()
    .select()
    .from(integrations)
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")))
    .get();
  if (!row) throw new Error(`account ${accountId} has no Email Integration`);
  return row;
}

/** Sets an account's Email Integration settings directly, for tests about what follows from them. */
export function setEmailSettings(accountId: string, change: (settings: EmailSettings) => void) {
  const row = emailIntegration(accountId);
  const settings = readStoredSettings(row.settings);
  change(settings);
  e2eDb().update(integrations).set({ settings }).where(eq(integrations.id, row.id)).run();
}
