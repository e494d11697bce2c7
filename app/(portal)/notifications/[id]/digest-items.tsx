import Link from "next/link";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { When } from "@/app/_components/when";
import type { digestItems } from "@/db/queries/delivery-log";
import { SeverityBadge } from "../notification-row";

/** The notifications a digest carried, each linked to its own page (which links back here). */
export function DigestItems({ items }: { items: Awaited<ReturnType<typeof digestItems>> }) {
  return (
    <section className={CARD_CLASSES} aria-labelledby="digest-items-heading">
      <h2 id="digest-items-heading">In this digest</h2>
      {items.length === 0 ? (
        <p className="text-muted-fg">No notifications are recorded for this digest.</p>
      ) : (
        <ul className="m-0 flex list-none flex-col gap-2 p-0">
          {items.map((item) => (
            <li key={item.id}>
              <SeverityBadge severity={item.severity} />{" "}
              <Link href={`/notifications/${item.id}`}>{item.title}</Link>{" "}
              <span className="text-sm text-muted-fg">
                {item.organizationName} · <When date={item.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
