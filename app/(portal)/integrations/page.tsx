import type { Metadata } from "next";
import { MenuButton } from "@/app/_components/menu-button";
import { badgeClasses } from "@/app/_components/ui/badge";
import { Table, Td, Th, Tr } from "@/app/_components/ui/table";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { isAdmin, requirePortalSession } from "@/lib/auth/session";
import { readStoredSettings } from "@/lib/core/settings";
import { formatAddresses } from "@/lib/core/settings-diff";
import { EMAIL_INTEGRATION_NAME, listIntegrations } from "./data";
import { psaHealth } from "./psa/data";
import { PsaFailingBanner } from "./psa/psa-failing-banner";
import { PsaRow } from "./psa/psa-row";

export const metadata: Metadata = { title: "Integrations" };

/** Integration types an admin could add. Only types that really work are listed. */
const ADDABLE_TYPES = [
  {
    kind: "email",
    label: "Email",
    href: "/integrations/email",
    unavailable:
      "Only one Email Integration per account, and yours already exists: edit it instead.",
  },
  {
    kind: "psa",
    label: "PSA",
    href: "/integrations/psa",
    unavailable: "Only one PSA integration per account, and yours already exists: edit it instead.",
  },
] as const;

export default async function IntegrationsPage() {
  const session = await requirePortalSession();
  const admin = isAdmin(session);
  // Creates the Email Integration of an account that lacks one (it must always exist).
  const rows = await listIntegrations(db, session.account.id);
  const existingKinds = new Set<string>(rows.map((row) => row.kind));
  const psa = existingKinds.has("psa")
    ? await psaHealth(db, session.account.id)
    : ({ failing: false } as const);

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>Integrations</h1>
        {admin ? (
          <MenuButton
            label="Add"
            align="end"
            size="md"
            items={ADDABLE_TYPES.map((type) => ({
              label: type.label,
              href: type.href,
              disabled: existingKinds.has(type.kind),
              hint: existingKinds.has(type.kind) ? type.unavailable : undefined,
            }))}
          >
            + Add
          </MenuButton>
        ) : null}
      </div>
      <p className="text-muted-fg">
        Where your alerts go. The Email Integration is always on: it is the fallback that still
        delivers if a ticketing integration fails.
      </p>
      <PsaFailingBanner health={psa} />
      <Table
        columns={["Integration", "Default Notification Emails", "Last changed", "Actions"]}
        label="Integrations"
        layout="stack"
      >
        {rows.map((row) => {
          if (row.kind === "psa")
            return <PsaRow key={row.id} integration={row} admin={admin} failing={psa.failing} />;
          const settings = readStoredSettings(row.settings);
          return (
            <Tr key={row.id}>
              <Th label="Integration">{EMAIL_INTEGRATION_NAME}</Th>
              <Td label="Default Notification Emails">
                {settings.defaults.length ? (
                  formatAddresses(settings.defaults)
                ) : (
                  <span className={badgeClasses("warn")}>No default address yet</span>
                )}
              </Td>
              <Td label="Last changed">
                <When date={row.updatedAt} />
              </Td>
              <Td label="Actions">
                <MenuButton
                  label={`Actions for ${EMAIL_INTEGRATION_NAME}`}
                  align="end"
                  items={[
                    {
                      label: admin ? "Edit Integration" : "View Integration",
                      href: "/integrations/email",
                    },
                  ]}
                >
                  <span aria-hidden="true">⋯</span>
                </MenuButton>
              </Td>
            </Tr>
          );
        })}
      </Table>
    </>
  );
}
