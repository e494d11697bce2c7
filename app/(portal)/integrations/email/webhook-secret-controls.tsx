"use client";

import { useActionState } from "react";
import { initialActionState } from "@/lib/auth/action-state";
import { revealWebhookSecret, rotateSecret } from "./webhook-actions";

/** Reveal and rotate, for admins. The secret arrives only in an action's answer. */
export function WebhookSecretControls({ hint }: { hint: string }) {
  const [revealed, reveal, revealing] = useActionState(revealWebhookSecret, initialActionState);
  const [rotated, rotate, rotating] = useActionState(rotateSecret, initialActionState);
  const latest = (rotated.at ?? 0) > (revealed.at ?? 0) ? rotated : revealed;
  const secret = typeof latest.values?.secret === "string" ? latest.values.secret : null;
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="webhook-secret">Signing secret</label>
        <input id="webhook-secret" type="text" readOnly value={secret ?? hint} className="secret" />
      </div>
      <div className="row">
        <form action={reveal}>
          <button type="submit" className="button" disabled={revealing}>
            Reveal secret
          </button>
        </form>
        <form
          action={rotate}
          onSubmit={(event) => {
            if (
              !window.confirm(
                "Issue a new signing secret? The current one keeps working for 24 hours.",
              )
            ) {
              event.preventDefault();
            }
          }}
        >
          <button type="submit" className="button button-danger" disabled={rotating}>
            Rotate secret
          </button>
        </form>
      </div>
      <p
        role="status"
        aria-live="polite"
        className={
          latest.message ? (latest.ok ? "notice notice-ok" : "notice notice-error") : undefined
        }
      >
        {latest.message}
      </p>
    </div>
  );
}
