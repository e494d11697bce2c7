"use client";

import { useActionState } from "react";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FieldError } from "@/app/_components/field-error";
import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
import { initialActionState } from "@/lib/auth/action-state";
import { revealPsaSecretAction, rotatePsaSecretAction } from "./actions";

/**
 * The PSA's signing secret, for admins only and only when asked for (never in the page
 * itself), and its rotation; a sign-in older than 15 minutes types the password again. The
 * PSA verifies tickets with it (Standard Webhooks).
 */
export function PsaSecret() {
  const [revealed, reveal, revealing] = useActionState(revealPsaSecretAction, initialActionState);
  const [rotated, rotate, rotating] = useActionState(rotatePsaSecretAction, initialActionState);
  // The newer answer of the two is the one to show.
  const state = (rotated.at ?? 0) > (revealed.at ?? 0) ? rotated : revealed;
  const pending = revealing || rotating;
  const secret = typeof state.values?.secret === "string" ? state.values.secret : null;
  const needsPassword = state.values?.needsPassword === true;
  return (
    <form action={reveal} className="flex flex-col gap-4">
      {needsPassword ? (
        <div className="flex min-w-0 flex-col gap-1">
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
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClasses({ size: "sm" })} disabled={pending}>
          {revealing ? "Revealing…" : "Reveal signing secret"}
        </button>
        <ConfirmSubmit
          label={rotating ? "Rotating…" : "Rotate signing secret"}
          title="Rotate the PSA signing secret?"
          description="A new signing secret is issued at once: the PSA must verify tickets with it from now on."
          confirmLabel="Rotate signing secret"
          formAction={rotate}
          disabled={pending}
          variant="secondary"
          size="sm"
        />
      </div>
      <div role="status" aria-live="polite">
        {secret ? (
          <p>
            PSA signing secret: <code>{secret}</code>
          </p>
        ) : null}
        {state.message && (!state.ok || state === rotated) ? (
          <p className={noticeClasses(state.ok ? "ok" : "danger")}>{state.message}</p>
        ) : null}
      </div>
    </form>
  );
}
