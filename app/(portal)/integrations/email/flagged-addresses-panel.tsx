import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import { badgeClasses } from "@/app/_components/ui/badge";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { noticeClasses } from "@/app/_components/ui/notice";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { flaggedAddresses } from "@/db/queries/flagged-addresses";

/** Addresses that never received anything: every delivery to them failed, died or bounced. */
export function FlaggedAddressesPanel({ accountId }: { accountId: string }) {
  const flagged = flaggedAddresses(db, accountId);
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
          <DataTable columns={["Address", "Deliveries", "Last outcome"]} label="Flagged addresses">
            {flagged.map((row) => (
              <tr key={row.address}>
                <td>
                  <span className={badgeClasses("danger")}>Flagged</span> {row.address}
                </td>
                <td>{row.deliveries}</td>
                <td>
                  {row.lastStatus}
                  {row.lastReason ? `: ${row.lastReason}` : ""} (
                  <When date={row.lastAt} />)
                </td>
              </tr>
            ))}
          </DataTable>
          <p>
            <Link href="/notifications?status=undelivered">See undelivered notifications</Link>
          </p>
        </>
      )}
    </section>
  );
}
