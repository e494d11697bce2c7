"use client";

import { useActionState } from "react";
import { type ActionState, initialActionState } from "@/lib/auth/action-state";
import { revealWebhookSecret, revokePreviousSecrets, rotateSecret } from "./webhook-actions";

function newest(...states: ActionState[]): ActionState {
  return states.reduce((a, b) => ((b.at ?? 0) > (a.at ?? 0) ? b : a));
}

/**
 * Reveal, rotate and revoke, for admins. The secret arrives only in an action's answer; a
 * sign-in older than 15 minutes is asked for the password first.
 */
export function WebhookSecretControls({ hint, retiring }: { hint: string; retiring: number }) {
  const [revealed, reveal, revealing] = useActionState(revealWebhookSecret, initialActionState);
  const [rotated, rotate, rotating] = useActionState(rotateSecret, initialActionState);
  const [revoked, revoke, revoking] = useActionState(revokePreviousSecrets, initialActionState);
  const latest = newest(revealed, rotated, revoked);
  const secret =
    latest.ok && typeof latest.values?.secret === "string" ? latest.values.secret : null;
  const needsPassword = latest.values?.needsPassword === true;
  const passwordError = latest.errors?.password?.[0];
  return (
    <form className="stack">
      <div className="field">
        <label htmlFor="webhook-secret">Signing secret</label>
        <input id="webhook-secret" type="text" readOnly value={secret ?? hint} className="secret" />
      </div>
      {needsPassword ? (
        <div className="field">
          <label htmlFor="secret-password">Your password</label>
          <input
            id="secret-password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? "secret-password-error" : undefined}
          />
          {passwordError ? (
            <p id="secret-password-error" className="field-error">
              {passwordError}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="row">
        <button type="submit" className="button" formAction={reveal} disabled={revealing}>
          Reveal secret
        </button>
        <button
          type="submit"
          className="button button-danger"
          formAction={rotate}
          disabled={rotating}
          onClick={(event) => {
            if (
              !window.confirm(
                "Issue a new signing secret? The current one keeps working for 24 hours.",
              )
            ) {
              event.preventDefault();
            }
          }}
        >
          Rotate secret
        </button>
        {retiring > 0 ? (
          <button
            type="submit"
            className="button button-danger"
            formAction={revoke}
            disabled={revoking}
            onClick={(event) => {
              if (
                !window.confirm(
                  "Revoke the previous signing secret now? Calls still signed with it are refused at once.",
                )
              ) {
                event.preventDefault();
              }
            }}
          >
            Revoke previous secret now
          </button>
        ) : null}
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
    </form>
  );
}
