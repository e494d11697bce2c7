import type { Metadata } from "next";
import Link from "next/link";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { db } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { isAdmin, requirePortalSession } from "@/lib/auth/session";
import { accountOrganizations, EMAIL_INTEGRATION_NAME, integrationHistory } from "../data";
import { accountDuplicateWarnings } from "../psa/data";
import { DuplicateWarnings } from "../psa/duplicate-warnings";
import { EmailSettingsForm } from "./email-settings-form";
import { FlaggedAddressesPanel } from "./flagged-addresses-panel";
import { HistoryList } from "./history-list";
import { MaintenanceWindowsPanel } from "./maintenance-windows-panel";
import { WebhookPanel } from "./webhook-panel";

/** "Edit …" only for whoever can edit: an Account User's tab says what the page is. */
export async function generateMetadata(): Promise<Metadata> {
  const session = await requirePortalSession();
  return { title: isAdmin(session) ? `Edit ${EMAIL_INTEGRATION_NAME}` : EMAIL_INTEGRATION_NAME };
}

export default async function EditEmailIntegrationPage() {
  const session = await requirePortalSession();
  const accountId = session.account.id;
  const { integration, settings } = await emailIntegration(db, accountId);
  const organizations = await accountOrganizations(db, accountId);
  const history = await integrationHistory(db, accountId, integration.id);
  const readOnly = !isAdmin(session);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-fg">
        <Link href="/integrations">Integrations</Link> / {EMAIL_INTEGRATION_NAME}
      </nav>
      <h1>{readOnly ? EMAIL_INTEGRATION_NAME : `Edit ${EMAIL_INTEGRATION_NAME}`}</h1>
      <p className="text-muted-fg">
        Who receives {session.account.name}&apos;s alerts by email. This integration can&apos;t be
        removed: it is the fallback that still delivers if another integration fails.
      </p>

      <DuplicateWarnings
        warnings={await accountDuplicateWarnings(db, accountId)}
        isAdmin={!readOnly}
      />

      <EmailSettingsForm
        integrationId={integration.id}
        initialSettings={settings}
        organizations={organizations}
        readOnly={readOnly}
      />

      <MaintenanceWindowsPanel
        settings={settings}
        organizations={organizations}
        isAdmin={!readOnly}
      />
      <FlaggedAddressesPanel accountId={accountId} settings={settings} isAdmin={!readOnly} />
      <WebhookPanel accountId={accountId} slug={session.account.slug} isAdmin={!readOnly} />

      <section className={CARD_CLASSES} aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <HistoryList entries={history} />
      </section>
    </>
  );
}
