import { and, eq } from "drizzle-orm";
import { first } from "@/db/client";
import { integrations } from "@/db/schema";
import { type EmailSettings, readStoredSettings } from "@/lib/core/settings";
import { e2eDb } from "./accounts";

/** An account's Email Integration, straight from the database. */
export async function emailIntegration(accountId: string) {
  const row = await first(
    e2eDb()
      .select()
      .from(integrations)
      .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")))
      .limit(1),
  );
  if (!row) throw new Error(`account ${accountId} has no Email Integration`);
  return row;
}

/** Sets an account's Email Integration settings directly, for tests about what follows from them. */
export async function setEmailSettings(
  accountId: string,
  change: (settings: EmailSettings) => void,
) {
  const row = await emailIntegration(accountId);
  const settings = readStoredSettings(row.settings);
  change(settings);
  await e2eDb().update(integrations).set({ settings }).where(eq(integrations.id, row.id));
}
