import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { Facts } from "@/app/_components/ui/facts";
import { noticeClasses } from "@/app/_components/ui/notice";
import { When } from "@/app/_components/when";
import { db } from "@/db/client";
import {
  alertHistories,
  alertKey,
  digestItems,
  notificationDetail,
} from "@/db/queries/delivery-log";
import { isAdmin, requirePortalSession } from "@/lib/auth/session";
import { type EventStatus, NOTIFICATION_TYPE_LABELS } from "@/lib/core/events";
import { payloadView } from "@/lib/core/payload-view";
import { reminderNumber } from "@/lib/core/reminders";
import { EmailContent } from "../email-content";
import { LiveRefresh } from "../live-refresh";
import { severityWord } from "../notification-row";
import { Badge } from "../status-badge";
import { alertEventWord, alertIsResolved } from "../status-words";
import { DeliveryCard, isRetryable } from "./delivery-card";
import { DigestItems } from "./digest-items";
import { RetryControls } from "./retry-controls";

export const metadata: Metadata = { title: "Notification" };

const RETRY_FORM_ID = "retry-deliveries";

const EVENT_WORDS: Record<EventStatus, string> = {
  open: "Open",
  updated: "Update",
  resolved: "Resolved",
};
const EVENT_LINK_WORDS: Record<EventStatus, string> = {
  open: "Opening event",
  updated: "Update",
  resolved: "Resolution",
};

export default async function NotificationPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePortalSession();
  const { id } = await params;
  // Scoped by the session's account: another account's id is simply not found.
  const detail = await notificationDetail(db, session.account.id, id);
  if (!detail) notFound();
  const { notification: n, deliveries } = detail;
  const admin = isAdmin(session);
  const retryable = deliveries.filter(isRetryable).length;
  // Provider events for sent mail may take minutes; refresh only while Beacon itself is working.
  const payload = payloadView(n.payload);
  // Not while held: a digest may be hours away, and refreshing until then would cost for nothing.
  const active = deliveries.some((d) => d.status === "queued" || d.status === "sending");
  const alert = (await alertHistories(db, session.account.id, [n])).get(alertKey(n)) ?? [];
  const others = alert.filter((event) => event.id !== n.id);
  const resolvedNow = n.eventStatus !== "resolved" && alertIsResolved(alert);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-fg">
        <Link href="/notifications">Notifications</Link> / {n.title}
      </nav>
      <h1>
        {n.title}
        {n.isTest ? (
          <>
            {" "}
            <Badge tone="warn">Test</Badge>
          </>
        ) : null}
      </h1>
      {n.state === "suppressed" ? (
        <p className={noticeClasses("warn")}>
          Suppressed, not emailed: {n.suppressedReason ?? "no reason recorded"}
        </p>
      ) : null}

      <section className={CARD_CLASSES} aria-labelledby="facts-heading">
        <h2 id="facts-heading">Details</h2>
        <Facts>
          <dt>Type</dt>
          <dd>{n.type === "digest" ? "Digest" : NOTIFICATION_TYPE_LABELS[n.type]}</dd>
          <dt>Status</dt>
          <dd>
            {reminderNumber(n.followUpKey) !== null
              ? `Reminder ${reminderNumber(n.followUpKey)}`
              : EVENT_WORDS[n.eventStatus]}
            {resolvedNow ? " event; the alert is resolved now" : ""}
            {others.map((event) => (
              <span key={event.id}>
                {" · "}
                <Link href={`/notifications/${event.id}`}>
                  {reminderNumber(event.followUpKey) !== null
                    ? alertEventWord(event)
                    : EVENT_LINK_WORDS[event.eventStatus]}
                </Link>{" "}
                (<When date={event.createdAt} seconds />)
              </span>
            ))}
          </dd>
          {n.followsId ? (
            <>
              <dt>Follows</dt>
              <dd>
                <Link href={`/notifications/${n.followsId}`}>the original notification</Link>
              </dd>
            </>
          ) : null}
          <dt>Severity</dt>
          <dd>{severityWord(n.severity)}</dd>
          <dt>Organization</dt>
          <dd>
            {n.organizationId ? (
              <Link href={`/notifications?organization=${encodeURIComponent(n.organizationId)}`}>
                {n.organizationName}
              </Link>
            ) : (
              n.organizationName
            )}
          </dd>
          <dt>Event id</dt>
          <dd>
            <code>{n.eventId}</code>
          </dd>
          <dt>Received</dt>
          <dd>
            <When date={n.createdAt} seconds />
          </dd>
          <dt>Routing</dt>
          <dd>{n.routeReason ?? (n.state === "suppressed" ? "Not routed" : "Not recorded")}</dd>
          <dt>Recipients</dt>
          <dd>{n.recipientCount}</dd>
          {n.isTest ? (
            <>
              <dt>Sent as</dt>
              <dd>A test send from the portal</dd>
            </>
          ) : null}
        </Facts>
      </section>

      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Deliveries</h2>
        <LiveRefresh active={active} />
        {admin ? (
          <RetryControls formId={RETRY_FORM_ID} notificationId={n.id} retryable={retryable} />
        ) : retryable > 0 ? (
          <p className="m-0 text-sm text-muted-fg">
            An Account Admin can retry the deliveries that did not arrive.
          </p>
        ) : null}
        {deliveries.length === 0 ? (
          <p className="text-muted-fg">No email was sent for this notification.</p>
        ) : (
          deliveries.map((delivery, index) => (
            <DeliveryCard
              key={delivery.id}
              delivery={delivery}
              index={index}
              heldFor={n.heldFor}
              retryFormId={admin ? RETRY_FORM_ID : undefined}
            />
          ))
        )}
      </section>

      {n.type === "digest" ? (
        <DigestItems items={await digestItems(db, session.account.id, n.id)} />
      ) : null}

      <section className={CARD_CLASSES} aria-labelledby="content-heading">
        <h2 id="content-heading">Content as sent</h2>
        <EmailContent idPrefix="sent" email={n} />
      </section>

      <section className={CARD_CLASSES} aria-labelledby="payload-heading">
        <h2 id="payload-heading">Payload as received</h2>
        <p className="m-0 text-sm text-muted-fg">
          The event exactly as the platform posted it, unknown fields included.
        </p>
        {payload.truncated ? (
          <p className={noticeClasses("warn")}>
            Too deep or too large to show whole: shortened below; the download has all of it.
          </p>
        ) : null}
        <pre>{payload.text}</pre>
        <p>
          <a href={`/notifications/${encodeURIComponent(n.id)}/payload`} download>
            Download the payload as received (JSON)
          </a>
        </p>
      </section>
    </>
  );
}
