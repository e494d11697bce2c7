import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { Facts } from "@/app/_components/ui/facts";
import { Table } from "@/app/_components/ui/table";
import { When } from "@/app/_components/when";
import type { DeliveryWithHistory } from "@/db/queries/delivery-log";
import { canRetry, isPermanentBounce } from "@/lib/core/delivery-status";
import { StatusBadge } from "../status-badge";
import { DELIVERY_STATUS_MEANING, EVENT_SOURCE_WORDS } from "../status-words";

export function isRetryable(delivery: DeliveryWithHistory): boolean {
  return canRetry(delivery);
}

/** One recipient's email: where it stands, why, and every step it went through. */
export function DeliveryCard({
  delivery,
  index,
  heldFor,
  retryFormId,
}: {
  delivery: DeliveryWithHistory;
  index: number;
  /** What the notification's held deliveries wait for ("for the 09:00 digest"). */
  heldFor: string | null;
  /** The page's Retry form, for admins; absent for users, who see no Retry. */
  retryFormId?: string;
}) {
  const headingId = `delivery-${index}`;
  return (
    <section className={CARD_CLASSES} aria-labelledby={headingId}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 id={headingId} className="m-0 [overflow-wrap:anywhere]">
          {delivery.recipient}
        </h3>
        {retryFormId && isRetryable(delivery) ? (
          <button
            type="submit"
            form={retryFormId}
            name="deliveryId"
            value={delivery.id}
            className={buttonClasses({ size: "sm" })}
          >
            Retry<span className="sr-only"> delivery to {delivery.recipient}</span>
          </button>
        ) : isPermanentBounce(delivery) ? (
          <span className="text-sm text-muted-fg">
            Not retryable: the address bounced permanently. Fix or remove it in the Email
            Integration.
          </span>
        ) : null}
      </div>
      <Facts className="mt-2 mb-3">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={delivery.status} />{" "}
          <span className="text-muted-fg">{DELIVERY_STATUS_MEANING[delivery.status]}</span>
        </dd>
        {delivery.status === "held" ? (
          <>
            <dt>Held</dt>
            <dd>
              {heldFor ?? "for its digest"}, until <When date={delivery.nextAttemptAt} />
            </dd>
          </>
        ) : null}
        {delivery.digestId ? (
          <>
            <dt>Sent in</dt>
            <dd>
              <Link href={`/notifications/${delivery.digestId}`}>its digest</Link>
            </dd>
          </>
        ) : null}
        <dt>Attempts</dt>
        <dd>{delivery.attempts}</dd>
        {delivery.lastError ? (
          <>
            <dt>Last error</dt>
            <dd className="text-danger">{delivery.lastError}</dd>
          </>
        ) : null}
        {delivery.status === "queued" && delivery.attempts > 0 ? (
          <>
            <dt>Next attempt</dt>
            <dd>
              <When date={delivery.nextAttemptAt} seconds />
            </dd>
          </>
        ) : null}
        {delivery.providerMessageId ? (
          <>
            <dt>Message id</dt>
            <dd>
              <code>{delivery.providerMessageId}</code>
            </dd>
          </>
        ) : null}
      </Facts>
      <Table
        layout="scroll"
        columns={["When", "Status", "Source", "Detail"]}
        caption={<>Status history of the email to {delivery.recipient}, oldest first</>}
      >
        {delivery.events.map((event) => (
          <tr key={event.id}>
            <td>
              <When date={event.occurredAt} seconds />
            </td>
            <td>
              <StatusBadge status={event.status} />
            </td>
            <td>{EVENT_SOURCE_WORDS[event.source] ?? event.source}</td>
            <td>{event.detail ?? ""}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
