import { MenuButton } from "@/app/_components/menu-button";
import { badgeClasses } from "@/app/_components/ui/badge";
import { Td, Th, Tr } from "@/app/_components/ui/table";
import { When } from "@/app/_components/when";
import type { Integration } from "@/db/schema";
import { NOTIFICATION_TYPE_PLURALS, NOTIFICATION_TYPES } from "@/lib/core/events";
import { PSA_METHOD_LABELS, psaTarget, readStoredPsaSettings } from "@/lib/core/psa";

/** The PSA's line in the Integrations list: its name, method, target, covered types and status. */
export function PsaRow({
  integration,
  admin,
  failing,
}: {
  integration: Integration;
  admin: boolean;
  failing: boolean;
}) {
  const settings = readStoredPsaSettings(integration.settings);
  const covered = NOTIFICATION_TYPES.filter((type) => settings.types[type]).map(
    (type) => NOTIFICATION_TYPE_PLURALS[type],
  );
  const target = psaTarget(settings).recipient.replace(/^psa-webhook:/, "");
  return (
    <Tr>
      <Th label="Integration">PSA: {settings.name}</Th>
      <Td label="Sends to">
        {settings.enabled && failing ? (
          <span className={badgeClasses("danger")}>Failing</span>
        ) : settings.enabled ? (
          <span className={badgeClasses("ok")}>Enabled</span>
        ) : (
          <span className={badgeClasses("warn")}>Disabled</span>
        )}{" "}
        {PSA_METHOD_LABELS[settings.method]} to {target}; {covered.join(", ") || "no types"}
      </Td>
      <Td label="Last changed">
        <When date={integration.updatedAt} />
      </Td>
      <Td label="Actions">
        <MenuButton
          label={`Actions for PSA ${settings.name}`}
          align="end"
          items={[
            { label: admin ? "Edit Integration" : "View Integration", href: "/integrations/psa" },
            { label: "History", href: "/integrations/psa#history-heading" },
          ]}
        >
          <span aria-hidden="true">⋯</span>
        </MenuButton>
      </Td>
    </Tr>
  );
}
