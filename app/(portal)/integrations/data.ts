import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { listOrganizations } from "@/db/accounts/organizations";
import { type Executor, first } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { releaseHeld } from "@/db/held-deliveries";
import {
  type Integration,
  integrationChanges,
  integrations,
  type SettingChange,
} from "@/db/schema";
import { writeTransaction } from "@/db/transactions";
import { localClock } from "@/lib/core/schedule";
import { type EmailSettings, readStoredSettings } from "@/lib/core/settings";
import { diffSettings } from "@/lib/core/settings-diff";
import { windowHoldWords } from "@/lib/core/timing";
import { occurrenceAt } from "@/lib/core/windows";

/*
 * Queries behind the Integrations pages. Every one takes the session's account id and puts
 * it in its WHERE clause: ids coming from a form are only ever looked up within it.
 */

export const EMAIL_INTEGRATION_NAME = "Email Integration";

export const REMOVAL_REFUSED =
  "The Email Integration can't be removed: it is the mandatory fallback path that delivers your alerts if another integration fails. Change its addresses instead.";

export type OrganizationOption = { id: string; name: string };

export function listIntegrations(db: Executor, accountId: string): Promise<Integration[]> {
  return db
    .select()
    .from(integrations)
    .where(eq(integrations.accountId, accountId))
    .orderBy(asc(integrations.createdAt));
}

export async function findIntegration(db: Executor, accountId: string, integrationId: string) {
  return (
    (await first(
      db
        .select()
        .from(integrations)
        .where(and(eq(integrations.id, integrationId), eq(integrations.accountId, accountId)))
        .limit(1),
    )) ?? null
  );
}

/** The account's organizations by name, as the rule picker offers them. */
export async function accountOrganizations(
  db: Executor,
  accountId: string,
): Promise<OrganizationOption[]> {
  return (await listOrganizations(db, accountId)).map(({ id, name }) => ({ id, name }));
}

export type HistoryEntry = {
  id: string;
  userEmail: string;
  createdAt: Date;
  changes: SettingChange[];
};

export function integrationHistory(
  db: Executor,
  accountId: string,
  integrationId: string,
  limit = 100,
): Promise<HistoryEntry[]> {
  return db
    .select({
      id: integrationChanges.id,
      userEmail: integrationChanges.userEmail,
      createdAt: integrationChanges.createdAt,
      changes: integrationChanges.changes,
    })
    .from(integrationChanges)
    .where(
      and(
        eq(integrationChanges.accountId, accountId),
        eq(integrationChanges.integrationId, integrationId),
      ),
    )
    .orderBy(desc(integrationChanges.createdAt))
    .limit(limit);
}

export type SaveOutcome =
  | { ok: true; settings: EmailSettings; changes: SettingChange[] }
  | { ok: false; message: string; errors: Record<string, string[]> };

/**
 * Saves validated settings of the account's Email Integration and records what changed.
 * Checks what zod cannot: the integration and every rule's organization belong to the
 * account. Runs in one transaction so the history never disagrees with the settings.
 */
export function saveEmailSettings(
  db: Executor,
  input: {
    accountId: string;
    integrationId: string;
    settings: EmailSettings;
    user: { id: string; email: string };
  },
): Promise<SaveOutcome> {
  // A write transaction: it reads and then writes while the dispatcher (another process)
  // writes too; on SQLite a deferred one would fail at once with SQLITE_BUSY.
  return writeTransaction(db, async (tx): Promise<SaveOutcome> => {
    const integration = await findIntegration(tx, input.accountId, input.integrationId);
    if (integration?.kind !== "email") {
      return {
        ok: false,
        message: "This integration is not in your account. Reload the page and try again.",
        errors: { integrationId: ["This integration is not in your account."] },
      };
    }
    const orgs = await accountOrganizations(tx, input.accountId);
    const names = new Map(orgs.map((org) => [org.id, org.name]));
    const errors: Record<string, string[]> = {};
    input.settings.organizationRules.forEach((rule, index) => {
      if (!names.has(rule.organizationId)) {
        errors[`settings.organizationRules.${index}.organizationId`] = [
          "This organization is not in your account. Choose one from the list.",
        ];
      }
    });
    input.settings.maintenanceWindows.forEach((window, index) => {
      if (window.organizationId !== null && !names.has(window.organizationId)) {
        errors[`settings.maintenanceWindows.${index}.organizationId`] = [
          "This organization is not in your account. Choose one from the list.",
        ];
      }
    });
    if (Object.keys(errors).length > 0) {
      return { ok: false, message: "Some fields need attention.", errors };
    }

    const changes = diffSettings(readStoredSettings(integration.settings), input.settings, names);
    if (changes.length === 0) return { ok: true, settings: input.settings, changes };

    const now = new Date();
    await tx
      .update(integrations)
      .set({ settings: input.settings, updatedAt: now })
      .where(and(eq(integrations.id, integration.id), eq(integrations.accountId, input.accountId)));
    await addHistory(tx, { ...input, integrationId: integration.id, changes, at: now });
    return { ok: true, settings: input.settings, changes };
  });
}

/**
 * Records something done to the Email Integration that is not a settings change (a secret
 * revealed, rotated or revoked) in its History, with who did it.
 */
export async function recordIntegrationEvent(
  db: Executor,
  input: { accountId: string; user: { id: string; email: string }; changes: SettingChange[] },
) {
  const integration = await first(
    db
      .select({ id: integrations.id })
      .from(integrations)
      .where(and(eq(integrations.accountId, input.accountId), eq(integrations.kind, "email")))
      .limit(1),
  );
  if (!integration) return;
  await addHistory(db, { ...input, integrationId: integration.id, at: new Date() });
}

/** One entry of an integration's History: who did what, when. */
export async function addHistory(
  db: Executor,
  entry: {
    accountId: string;
    integrationId: string;
    user: { id: string; email: string };
    changes: SettingChange[];
    at: Date;
  },
) {
  await db.insert(integrationChanges).values({
    id: randomUUID(),
    accountId: entry.accountId,
    integrationId: entry.integrationId,
    userId: entry.user.id,
    userEmail: entry.user.email,
    changes: entry.changes,
    createdAt: entry.at,
  });
}

export type EndWindowOutcome =
  | { ok: true; released: number; until: string }
  | { ok: false; message: string };

/**
 * "End now" on an active maintenance window: its current occurrence ends at `now` (recorded
 * in History like any settings change) and the notifications it held are released to the
 * digest scheduler, in one transaction.
 */
export function endMaintenanceWindow(
  db: Executor,
  input: { accountId: string; windowId: string; user: { id: string; email: string }; now: number },
): Promise<EndWindowOutcome> {
  return writeTransaction(db, async (tx): Promise<EndWindowOutcome> => {
    const { integration, settings } = await emailIntegration(tx, input.accountId);
    const window = settings.maintenanceWindows.find((w) => w.id === input.windowId);
    const on = window ? occurrenceAt(window, settings.timeZone, input.now) : null;
    if (!window || !on) {
      return { ok: false, message: "This maintenance window is not on now; reload the page." };
    }
    const ended = {
      ...settings,
      maintenanceWindows: settings.maintenanceWindows.map((w) =>
        w.id === window.id ? { ...w, endedEarly: { occurrence: on.start, at: input.now } } : w,
      ),
    };
    const saved = await saveEmailSettings(tx, {
      accountId: input.accountId,
      integrationId: integration.id,
      settings: ended,
      user: input.user,
    });
    if (!saved.ok) return { ok: false, message: saved.message };
    const until = localClock(on.end, settings.timeZone);
    const released = await releaseHeld(tx, {
      accountId: input.accountId,
      slot: on.end,
      heldFor: windowHoldWords(until),
      now: input.now,
    });
    return { ok: true, released, until };
  });
}
