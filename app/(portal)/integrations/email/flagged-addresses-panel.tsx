import Link from "next/link";
import { badgeClasses } from "@/app/_components/ui/badge";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { noticeClasses } from "@/app/_components/ui/notice";
import { Table, Td, Tr } from "@/app/_components/ui/table";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { flaggedAddresses } from "@/db/queries/flagged-addresses";
import type { EmailSettings } from "@/lib/core/settings";
import { RemoveAddressButton } from "./remove-address-button";

/** Every address the settings route to, in any list. */
function configuredAddresses(settings: EmailSettings): Set<string> {
  return new Set(
    [
      ...settings.defaults,
      ...Object.values(settings.types).flatMap((type) => type.addresses),
      ...settings.organizationRules.flatMap((rule) => rule.addresses),
    ].map((address) => address.toLowerCase()),
  );
}

/**
 * Addresses that never received anything: every delivery to them failed, died or bounced.
 * An admin can take one out of the settings from here; an address no longer in them stays
 * listed (its deliveries are history) and says so.
 */
export async function FlaggedAddressesPanel({
  accountId,
  settings,
  isAdmin,
}: {
  accountId: string;
  settings: EmailSettings;
  isAdmin: boolean;
}) {
  const flagged = await flaggedAddresses(db, accountId);
  const configured = configuredAddresses(settings);
  const columns = ["Address", "Deliveries", "Last outcome", ...(isAdmin ? ["Action"] : [])];
  return (
    <section className={CARD_CLASSES} aria-labelledby="flagged-heading">
      <h2 id="flagged-heading">Addresses that receive nothing</h2>
      {flagged.length === 0 ? (
        <p className="text-muted-fg">
          Every address has received at least one email, or none has been tried yet.
        </p>
      ) : (
        <>
          <p className={noticeClasses("warn")}>
            No email to these addresses has arrived. Check them for typos or replace them.
          </p>
          <Table columns={columns} label="Flagged addresses" layout="stack">
            {flagged.map((row) => (
              <Tr key={row.address}>
                <Td label="Address">
                  <span className={badgeClasses("danger")}>Flagged</span> {row.address}
                </Td>
                <Td label="Deliveries">{row.deliveries}</Td>
                <Td label="Last outcome">
                  {row.lastStatus}
                  {row.lastReason ? `: ${row.lastReason}` : ""} (
                  <When date={row.lastAt} />)
                </Td>
                {isAdmin ? (
                  <Td label="Action">
                    <RemoveAddressButton
                      address={row.address}
                      configured={configured.has(row.address.toLowerCase())}
                    />
                  </Td>
                ) : null}
              </Tr>
            ))}
          </Table>
          <p>
            <Link href="/notifications?status=undelivered">See undelivered notifications</Link>
          </p>
        </>
      )}
    </section>
  );
}
