"use client";

import { useActionState } from "react";
import { initialActionState } from "@/lib/auth/action-state";
import { resumeSendingAction } from "./pause-actions";

export function ResumeButton() {
  const [state, action, pending] = useActionState(resumeSendingAction, initialActionState);
  return (
    <form action={action} className="row">
      <button type="submit" className="button button-small" disabled={pending}>
        Resume sending now
      </button>
      <span role="status" aria-live="polite">
        {state.message}
      </span>
    </form>
  );
}
