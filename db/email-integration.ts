import { and, eq } from "drizzle-orm";
import { type EmailSettings, readStoredSettings } from "@/lib/core/settings";
import { type Executor, first } from "./client";
import { type Integration, integrations } from "./schema";

/**
 * The account's Email Integration with its settings read through the one validating
 * accessor. It exists for every account (created with the account, and by migration 0002
 * for older ones), so a missing row is a broken database, not a case to repair on a read.
 */
export async function emailIntegration(
  db: Executor,
  accountId: string,
): Promise<{ integration: Integration; settings: EmailSettings }> {
  const integration = await first(
    db
      .select()
      .from(integrations)
      .where(and(eq(integrations.accountId, accountId), eq(integrations.kind, "email")))
      .limit(1),
  );
  if (!integration) throw new Error(`account ${accountId} has no Email Integration`);
  return { integration, settings: readStoredSettings(integration.settings) };
}
