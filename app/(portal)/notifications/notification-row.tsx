import Link from "next/link";
import { RelativeTime } from "@/app/_components/relative-time";
import { type BadgeTone, Badge as UiBadge } from "@/app/_components/ui/badge";
import { Td, Tr } from "@/app/_components/ui/table";
import type { AlertEvent, NotificationListRow } from "@/db/queries/delivery-log";
import { NOTIFICATION_TYPE_LABELS } from "@/lib/core/events";
import { SEVERITY_WORDS } from "@/lib/core/subject";
import { Badge } from "./status-badge";
import { alertEventWord, alertIsResolved, deliveryWord } from "./status-words";

export function severityWord(severity: string | null): string {
  return severity
    ? (SEVERITY_WORDS[severity as keyof typeof SEVERITY_WORDS] ?? severity)
    : "Not given";
}

const SEVERITY_TONES: Record<string, BadgeTone> = {
  critical: "critical",
  high: "danger",
  low: "info",
};

/** Severity as a badge: Critical solid red, High red, Low blue; the word always says it. */
export function SeverityBadge({ severity }: { severity: string | null }) {
  return (
    <UiBadge tone={severity ? (SEVERITY_TONES[severity] ?? "neutral") : "neutral"}>
      {severityWord(severity)}
    </UiBadge>
  );
}

type Row = NotificationListRow & { alert: AlertEvent[] };

/**
 * One line of the delivery log, one alert: its title (the subject's type, severity and
 * organization have columns of their own), host and event id, its state now and the events
 * that led there, and how this event's emails fared.
 */
export function NotificationRow({ row }: { row: Row }) {
  return (
    <Tr>
      <Td label="Received">
        <RelativeTime date={row.createdAt} />
      </Td>
      <Td label="Severity">
        <SeverityBadge severity={row.severity} />
      </Td>
      <Td label="Alert">
        <Link href={`/notifications/${row.id}`} className="font-semibold">
          {row.title}
        </Link>
        {row.isTest ? (
          <>
            {" "}
            <Badge tone="warn">Test</Badge>
          </>
        ) : null}
        <span className="block text-sm text-muted-fg">
          {row.type === "digest" ? "Digest" : NOTIFICATION_TYPE_LABELS[row.type]}
          {row.host ? (
            <>
              {" · "}
              <span className="break-all">{row.host}</span>
            </>
          ) : null}
          {" · "}
          <span className="break-all">{row.eventId}</span>
        </span>
      </Td>
      <Td label="Organization">{row.organizationName}</Td>
      <Td label="State">
        <AlertState row={row} />
      </Td>
      <Td label="Delivery">
        <DeliverySummary row={row} />
      </Td>
    </Tr>
  );
}

function AlertState({ row }: { row: Row }) {
  if (row.isTest) return <span className="text-muted-fg">Test send</span>;
  const events = row.alert.length ? row.alert : [];
  const resolved = alertIsResolved(events.length ? events : [row]);
  return (
    <>
      <UiBadge tone={resolved ? "ok" : "warn"}>{resolved ? "Resolved" : "Open"}</UiBadge>
      {events.length > 1 ? (
        <ol aria-label="History of this alert" className="m-0 mt-1 list-none p-0 text-sm">
          {events.map((event) => (
            <li key={event.id}>
              {event.id === row.id ? (
                <span aria-current="true">{alertEventWord(event)}</span>
              ) : (
                <Link href={`/notifications/${event.id}`}>{alertEventWord(event)}</Link>
              )}{" "}
              <RelativeTime date={event.createdAt} className="text-muted-fg" />
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}

function DeliverySummary({ row }: { row: NotificationListRow }) {
  if (row.state === "suppressed") {
    return (
      <>
        <Badge tone="neutral">suppressed</Badge>{" "}
        <span className="muted">{row.suppressedReason ?? "Not emailed."}</span>
      </>
    );
  }
  if (row.summary.length === 0) return <span className="muted">No recipients</span>;
  const held = row.summary.some(({ status }) => status === "held");
  return (
    <span className="summary">
      {row.summary.map(({ status, count }) => (
        <Badge key={status} tone={deliveryWord(status).tone}>
          {count} {deliveryWord(status).word}
        </Badge>
      ))}
      {held && row.heldFor ? <span className="muted"> {row.heldFor}</span> : null}
    </span>
  );
}
