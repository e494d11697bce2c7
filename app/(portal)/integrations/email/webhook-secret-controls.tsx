"use client";

import { useActionState } from "react";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
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
    <form className="flex flex-col gap-4">
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor="webhook-secret" className="font-semibold">
          Signing secret
        </label>
        <input
          id="webhook-secret"
          type="text"
          readOnly
          value={secret ?? hint}
          className="bg-surface-2 font-mono"
        />
      </div>
      {needsPassword ? (
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor="secret-password" className="font-semibold">
            Your password
          </label>
          <input
            id="secret-password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? "secret-password-error" : undefined}
          />
          {passwordError ? (
            <p id="secret-password-error" className="m-0 text-sm text-danger">
              {passwordError}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClasses()} formAction={reveal} disabled={revealing}>
          Reveal secret
        </button>
        <ConfirmSubmit
          label="Rotate secret"
          title="Rotate the signing secret?"
          description="Beacon issues a new signing secret. The current one keeps working for 24 hours, so there is time to give the new one to the detection platform."
          formAction={rotate}
          disabled={rotating}
        />
        {retiring > 0 ? (
          <ConfirmSubmit
            label="Revoke previous secret now"
            title="Revoke the previous signing secret now?"
            description="Calls still signed with the previous secret are refused at once, instead of at the end of its 24 hours."
            confirmLabel="Revoke it now"
            formAction={revoke}
            disabled={revoking}
          />
        ) : null}
      </div>
      <p
        role="status"
        aria-live="polite"
        className={latest.message ? noticeClasses(latest.ok ? "ok" : "danger") : undefined}
      >
        {latest.message}
      </p>
    </form>
  );
}
