"use client";

import { useActionState } from "react";
import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
import { initialActionState } from "@/lib/auth/action-state";
import { retryDeliveriesAction } from "./actions";

/**
 * The one Retry form of the page and its live region. It stays mounted when a retried
 * delivery's own Retry button disappears, so the answer is still there to read; the
 * per-delivery buttons submit it through their `form` attribute with their deliveryId.
 */
export function RetryControls({
  formId,
  notificationId,
  retryable,
}: {
  formId: string;
  notificationId: string;
  retryable: number;
}) {
  const [state, action, pending] = useActionState(retryDeliveriesAction, initialActionState);
  return (
    <form id={formId} action={action} className="flex flex-wrap items-center gap-3 [&_p]:m-0">
      <input type="hidden" name="notificationId" value={notificationId} />
      {retryable > 1 ? (
        <button type="submit" className={buttonClasses()} disabled={pending}>
          Retry all {retryable} undelivered
        </button>
      ) : null}
      <p
        role="status"
        aria-live="polite"
        className={state.message ? noticeClasses(state.ok ? "ok" : "danger") : undefined}
      >
        {pending ? "Queuing…" : state.message}
      </p>
    </form>
  );
}
