"use client";

import { useActionState } from "react";
import { FieldError } from "@/app/_components/field-error";
import { initialActionState } from "@/lib/auth/action-state";
import { revealPsaSecretAction } from "./actions";

/**
 * The PSA's signing secret, for admins only and only when asked for (never in the page
 * itself); a sign-in older than 15 minutes types the password again. The PSA verifies
 * tickets with it (Standard Webhooks).
 */
export function PsaSecret() {
  const [state, action, pending] = useActionState(revealPsaSecretAction, initialActionState);
  const secret = typeof state.values?.secret === "string" ? state.values.secret : null;
  const needsPassword = state.values?.needsPassword === true;
  return (
    <form action={action} className="stack">
      {needsPassword ? (
        <div className="field">
          <label htmlFor="psa-secret-password">Your password</label>
          <input
            id="psa-secret-password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={state.errors?.password ? true : undefined}
            aria-describedby="psa-secret-password-error"
          />
          <FieldError id="psa-secret-password-error" errors={state.errors?.password} />
        </div>
      ) : null}
      <div>
        <button type="submit" className="button button-small" disabled={pending}>
          {pending ? "Revealing…" : "Reveal signing secret"}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {secret ? (
          <p>
            PSA signing secret: <code>{secret}</code>
          </p>
        ) : state.message && !state.ok ? (
          <p className="notice notice-error">{state.message}</p>
        ) : null}
      </div>
    </form>
  );
}
