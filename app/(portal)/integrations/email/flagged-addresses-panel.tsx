import Link from "next/link";
import { DataTable } from "@/app/_components/data-table";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import { flaggedAddresses } from "@/db/queries/flagged-addresses";

/** Addresses that never received anything: every delivery to them failed, died or bounced. */
export function FlaggedAddressesPanel({ accountId }: { accountId: string }) {
  const flagged = flaggedAddresses(db, accountId);
  return (
    <section className="panel" aria-labelledby="flagged-heading">
      <h2 id="flagged-heading">Addresses that receive nothing</h2>
      {flagged.length === 0 ? (
        <p className="muted">
          Every address has received at least one email, or none has been tried yet.
        </p>
      ) : (
        <>
          <p className="notice notice-warn">
            No email to these addresses has arrived. Check them for typos or replace them.
          </p>
          <DataTable columns={["Address", "Deliveries", "Last outcome"]}>
            {flagged.map((row) => (
              <tr key={row.address}>
                <td>
                  <span className="badge badge-danger">Flagged</span> {row.address}
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
