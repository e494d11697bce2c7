"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { TextField } from "@/app/_components/text-field";
import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
import { initialActionState } from "@/lib/auth/action-state";
import { sendTestAction } from "./actions";
import { TestOutcome } from "./test-outcome";

type Props = {
  type: string;
  status: string;
  source: string;
  organizationId: string;
  /** The routed recipients, or null when routing suppresses this email. */
  routed: string[] | null;
};

function text(values: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = values?.[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * Send test, for admins. The hidden fields say what is previewed; the server looks each one
 * up again within the account and re-routes, so tampering with them gains nothing.
 */
export function SendTestForm({ type, status, source, organizationId, routed }: Props) {
  const [state, action, pending] = useActionState(sendTestAction, initialActionState);
  const typedRadio = useRef<HTMLInputElement>(null);
  // Uncontrolled and re-keyed per answer, like the text box: React resets a form after its
  // action, which would otherwise put the radios back on their first default.
  const choice =
    (text(state.values, "recipients") as "routed" | "typed" | undefined) ??
    (routed ? "routed" : "typed");
  const typed = text(state.values, "to") ?? "";
  const notificationId = state.ok ? text(state.values, "notificationId") : undefined;
  const toErrors = state.errors?.to;
  // Errors of the hidden fields have no input to sit under: list them with their field.
  const formErrors = Object.entries(state.errors ?? {})
    .filter(([field]) => field !== "to")
    .flatMap(([field, messages]) =>
      messages.filter((m) => m !== state.message).map((m) => `${field}: ${m}`),
    );

  return (
    <form
      action={action}
      className="flex flex-col gap-4"
      noValidate
      aria-labelledby="send-test-heading"
      aria-describedby="send-test-hint"
    >
      <p id="send-test-hint" className="m-0 text-sm text-muted-fg">
        Sends the email previewed on this page now, through the real delivery path, with
        &quot;[Test]&quot; at the start of its subject.
      </p>
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="status" value={status} />
      <input type="hidden" name="source" value={source} />
      <input type="hidden" name="organizationId" value={organizationId} />
      <fieldset>
        <legend>Send to</legend>
        <div className="flex flex-col gap-4">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="recipients"
              value="routed"
              defaultChecked={choice === "routed" && routed !== null}
              key={`routed-${state.at ?? 0}`}
              disabled={!routed}
            />
            {routed
              ? `The recipients above (${routed.length})`
              : "The recipients above (nobody would receive this)"}
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="recipients"
              value="typed"
              defaultChecked={choice === "typed" || routed === null}
              key={`typed-${state.at ?? 0}`}
              ref={typedRadio}
            />
            An address I type
          </label>
          <TextField
            id="test-to"
            label="Test address"
            hint="One address, or a few separated by commas."
            name="to"
            type="text"
            inputMode="email"
            autoComplete="email"
            placeholder="you@example.com"
            defaultValue={typed}
            inputKey={`to-${state.at ?? 0}`}
            onFocus={() => {
              if (typedRadio.current) typedRadio.current.checked = true;
            }}
            errors={toErrors}
          />
        </div>
      </fieldset>
      <div>
        <button type="submit" className={buttonClasses({ variant: "primary" })} disabled={pending}>
          {pending ? "Sending test…" : "Send test"}
        </button>
      </div>
      <div role="status" aria-live="polite" className="flex flex-col gap-3 [&_caption]:pt-2">
        {state.message ? (
          <div className={noticeClasses(state.ok ? "ok" : "danger")}>
            <p>{state.message}</p>
            {formErrors.length > 0 ? (
              <ul>
                {formErrors.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
            {notificationId ? (
              <p>
                <Link href={`/notifications/${notificationId}`}>See its deliveries</Link> ·{" "}
                <Link href="/mailbox">Open the Mailbox</Link>
              </p>
            ) : null}
          </div>
        ) : null}
        {notificationId ? (
          <TestOutcome key={notificationId} notificationId={notificationId} />
        ) : null}
      </div>
    </form>
  );
}
