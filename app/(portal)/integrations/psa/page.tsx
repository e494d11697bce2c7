import type { Metadata } from "next";
import Link from "next/link";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { noticeClasses } from "@/app/_components/ui/notice";
import { db } from "@/db/client";
import { psaIntegration } from "@/db/psa-integration";
import { isAdmin, requirePortalSession } from "@/lib/auth/session";
import { config } from "@/lib/config";
import type { PsaSettings } from "@/lib/core/psa";
import { integrationHistory } from "../data";
import { HistoryList } from "../email/history-list";
import { ActionButton } from "./action-button";
import { createPsaAction, removePsaAction, sendTestTicketAction, updatePsaAction } from "./actions";
import { accountDuplicateWarnings, psaHealth } from "./data";
import { DuplicateWarnings } from "./duplicate-warnings";
import { PsaFailingBanner } from "./psa-failing-banner";
import { PsaForm } from "./psa-form";
import { PsaSecret } from "./psa-secret";

export const metadata: Metadata = { title: "PSA integration · Beacon" };

const NEW_PSA: PsaSettings = {
  name: "",
  method: "webhook",
  endpoint: "",
  ticketAddress: "",
  types: { incident: "on_failure", escalation: "on_failure" },
  enabled: true,
};

export default async function PsaIntegrationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const added = (await searchParams).added === "1";
  const session = await requirePortalSession();
  const accountId = session.account.id;
  const admin = isAdmin(session);
  const psa = await psaIntegration(db, accountId);
  const allowPrivate = config().INTEGRATIONS_ALLOW_PRIVATE_TARGETS;
  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-fg">
      <Link href="/integrations">Integrations</Link> / PSA
    </nav>
  );

  if (!psa) {
    return (
      <>
        {breadcrumb}
        <h1>Add a PSA integration</h1>
        <p className="text-muted-fg">
          Tickets in your PSA (ticketing system) for the notification types you choose. The Email
          Integration stays on as its fallback: when the PSA can&apos;t take a ticket, the
          notification is emailed to its usual recipients instead.
        </p>
        {admin ? (
          <PsaForm
            action={createPsaAction}
            initial={NEW_PSA}
            readOnly={false}
            allowPrivate={allowPrivate}
            submitLabel="Save"
          />
        ) : (
          <p className={noticeClasses("info")}>
            This account has no PSA integration. Only Account Admins can add one.
          </p>
        )}
      </>
    );
  }

  const history = await integrationHistory(db, accountId, psa.integration.id);
  const warnings = await accountDuplicateWarnings(db, accountId);
  const health = await psaHealth(db, accountId);
  return (
    <>
      {breadcrumb}
      <h1>{admin ? `Edit ${psa.settings.name}` : psa.settings.name}</h1>
      <p className="text-muted-fg">
        PSA integration. For each type it covers, the Email Integration emails as well, or only when
        the PSA fails (at the latest {Math.round(config().PSA_FALLBACK_AFTER_MS / 1000)} s after its
        first failed attempt).
      </p>
      {added ? (
        <p className={noticeClasses("ok")} role="status">
          PSA integration added. Send a test ticket to check it.
        </p>
      ) : null}
      <PsaFailingBanner health={health} />
      <DuplicateWarnings warnings={warnings} isAdmin={admin} />
      <PsaForm
        action={updatePsaAction}
        initial={psa.settings}
        readOnly={!admin}
        allowPrivate={allowPrivate}
        submitLabel="Save"
      />
      {admin ? (
        <section className={CARD_CLASSES} aria-labelledby="psa-test-heading">
          <h2 id="psa-test-heading">Send test ticket</h2>
          <p className="m-0 text-sm text-muted-fg">
            A sample Incident marked as a test, sent the way real tickets are.
          </p>
          <ActionButton
            action={sendTestTicketAction}
            label="Send test ticket"
            pendingLabel="Sending test ticket…"
          />
        </section>
      ) : null}
      {admin && psa.settings.method === "webhook" ? (
        <section className={CARD_CLASSES} aria-labelledby="psa-secret-heading">
          <h2 id="psa-secret-heading">Signing secret</h2>
          <p className="m-0 text-sm text-muted-fg">
            Every ticket is signed with Standard Webhooks headers (webhook-id, webhook-timestamp,
            webhook-signature): verify them with this secret in the PSA.
          </p>
          <PsaSecret />
        </section>
      ) : null}
      {admin ? (
        <section className={CARD_CLASSES} aria-labelledby="psa-remove-heading">
          <h2 id="psa-remove-heading">Remove</h2>
          <p className="m-0 text-sm text-muted-fg">
            Removes the PSA integration. Notifications then go by email only; the removal is
            recorded in the Email Integration&apos;s History.
          </p>
          <ActionButton
            action={removePsaAction}
            fields={{ confirm: "remove" }}
            label="Remove PSA integration"
            pendingLabel="Removing…"
            danger
            confirm={{
              title: `Remove the PSA integration "${psa.settings.name}"?`,
              description:
                "Notifications then go by email only. The removal is recorded in the History.",
            }}
          />
        </section>
      ) : null}
      <section className={CARD_CLASSES} aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <HistoryList entries={history} />
      </section>
    </>
  );
}
