import { and, eq } from "drizzle-orm";
import { integrations } from "@/db/schema";
import { type EmailSettings, readStoredSettings } from "@/lib/core/settings";
import { e2eDb } from "./accounts";

/** Sets an account's Email Integration settings directly, for tests about what follows from them. */
export function setEmailSettings(accountId: string, change: (settings: EmailSettings) => void) {
  const db = e2eDb();
  const row = db
    .select()
    .from(integrations)
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")))
    .get();
  const settings = readStoredSettings(row?.settings);
  change(settings);
  db.update(integrations)
    .set({ settings })
    .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")))
    .run();
}
