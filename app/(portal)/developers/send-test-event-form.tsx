"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/app/_components/ui/button";
import { initialActionState } from "@/lib/auth/action-state";
import {
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPES,
  type NotificationType,
} from "@/lib/core/events";
import { sendTestEventAction, type TestEventAnswer } from "./actions";

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

const SELECT =
  "mt-1 block min-h-9 w-full rounded-md border border-input bg-surface px-2 text-fg sm:w-auto";

/** Send test event, for admins: pick a type and a signature, see Beacon's answer. */
export function SendTestEventForm() {
  const [state, action, pending] = useActionState(sendTestEventAction, initialActionState);
  const values = state.values as
    | { type?: string; status?: string; signature?: string; answer?: TestEventAnswer }
    | undefined;
  const answer = values?.answer;
  return (
    <form action={action} noValidate aria-describedby="send-test-event-hint">
      <p id="send-test-event-hint" className="text-muted-fg">
        Signs a sample event and posts it through the webhook endpoint&apos;s own handler, as the
        platform would. With the right signature it is a real event: routed and emailed to its
        recipients, with &quot;Test event:&quot; at the start of its title.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="block">
          Type
          <select
            name="type"
            defaultValue={values?.type ?? "incident"}
            key={`type-${state.at}`}
            className={SELECT}
          >
            {NOTIFICATION_TYPES.map((type: NotificationType) => (
              <option key={type} value={type}>
                {NOTIFICATION_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          Status
          <select
            name="status"
            defaultValue={values?.status ?? "open"}
            key={`status-${state.at}`}
            className={SELECT}
          >
            <option value="open">Open</option>
            <option value="updated">Update</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        <label className="block">
          Signature
          <select
            name="signature"
            defaultValue={values?.signature ?? "valid"}
            key={`signature-${state.at}`}
            className={SELECT}
          >
            <option value="valid">Signed with the account&apos;s secret</option>
            <option value="wrong">Signed with a wrong secret (to see a refusal)</option>
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Sending…" : "Send test event"}
        </Button>
      </div>
      <div role="status" aria-live="polite" className="mt-3">
        {state.message ? <p className="m-0 font-semibold">{state.message}</p> : null}
        {state.errors
          ? Object.entries(state.errors).map(([field, messages]) => (
              <p key={field} className="m-0 text-danger">
                {field}: {messages.join(" ")}
              </p>
            ))
          : null}
      </div>
      {answer ? (
        <div className="mt-2">
          <p className="m-0">
            webhook-id <code>{answer.webhookId}</code>.{" "}
            <Link href="/developers/requests">See it in the inbound request log</Link>
          </p>
          <section
            aria-label="Beacon's answer"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled by keyboard (axe: scrollable-region-focusable)
            tabIndex={0}
            className="m-0 mt-2 max-h-72 overflow-auto rounded-md bg-code-bg p-3 text-sm text-code-fg"
          >
            <pre className="m-0">
              <code>{`HTTP ${answer.status}\n${pretty(answer.body)}`}</code>
            </pre>
          </section>
          <details className="mt-2">
            <summary>The event that was sent</summary>
            <pre className="m-0 mt-2 whitespace-pre-wrap break-all rounded-md bg-code-bg p-3 text-sm text-code-fg">
              <code>{answer.sent}</code>
            </pre>
          </details>
        </div>
      ) : null}
    </form>
  );
}
