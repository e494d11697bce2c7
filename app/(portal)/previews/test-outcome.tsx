"use client";

import { useEffect, useState } from "react";
import { noticeClasses } from "@/app/_components/ui/notice";
import { Table } from "@/app/_components/ui/table";
import type { ErrorBody } from "@/lib/api/errors";
// The delivery log's own words for a status, so a test's outcome reads like its log.
import { StatusBadge } from "../notifications/status-badge";

type Delivery = { recipient: string; status: string; lastError: string | null };

// Still in the dispatcher's hands; any other status is what the transport or provider said.
const WAITING = new Set(["queued", "sending"]);
// The dispatcher starts at once; a retry or a provider pause can take far longer, and the
// Notifications page keeps telling that story, so following it here stops after a while.
const POLL_DELAYS_MS = [300, 500, 800, 1200, 2000, 3000, 5000, 5000, 5000, 10000, 10000];

/** Follows one test send's deliveries until each has left the queue. */
export function TestOutcome({ notificationId }: { notificationId: string }) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (attempt: number) => {
      try {
        const response = await fetch(`/previews/outcome/${encodeURIComponent(notificationId)}`, {
          cache: "no-store",
        });
        const body = (await response.json()) as { deliveries?: Delivery[] } & Partial<ErrorBody>;
        if (cancelled) return;
        if (!response.ok || !body.deliveries) {
          setError(
            body.error?.message ?? `The delivery status could not be read (${response.status}).`,
          );
          return;
        }
        setDeliveries(body.deliveries);
        if (body.deliveries.every((delivery) => !WAITING.has(delivery.status))) return;
      } catch {
        if (cancelled) return;
      }
      const delay = POLL_DELAYS_MS[attempt];
      if (delay === undefined) setGaveUp(true);
      else timer = setTimeout(() => poll(attempt + 1), delay);
    };
    void poll(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [notificationId]);

  if (error) return <p className={noticeClasses("danger")}>{error}</p>;
  if (!deliveries) return null;
  return (
    <>
      <Table layout="scroll" columns={["Recipient", "Status"]} caption="Delivery of the test">
        {deliveries.map((delivery) => (
          <tr key={delivery.recipient}>
            <td>{delivery.recipient}</td>
            <td>
              <StatusBadge status={delivery.status} />
              {delivery.lastError ? (
                <span className="text-muted-fg"> · {delivery.lastError}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
      {gaveUp ? (
        <p className="m-0 text-sm text-muted-fg">
          Still waiting: the Notifications page shows how it goes on.
        </p>
      ) : null}
    </>
  );
}
