"use client";

import { useActionState } from "react";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { noticeClasses } from "@/app/_components/ui/notice";
import { initialActionState } from "@/lib/auth/action-state";
import { endMaintenanceWindowAction } from "./actions";

/** "End now" on an active window, asked first, with the answer read out beside it. */
export function EndWindowButton({
  windowId,
  label,
  active,
}: {
  windowId: string;
  label: string;
  /** False once ended: the answer stays, the button goes. */
  active: boolean;
}) {
  const [state, action, pending] = useActionState(endMaintenanceWindowAction, initialActionState);
  return (
    <form className="flex flex-col items-start gap-2">
      <input type="hidden" name="windowId" value={windowId} />
      {active ? (
        <ConfirmSubmit
          label="End now"
          title={`End ${label} now?`}
          description="Its notifications held so far go out at once, as one digest per recipient, and new ones are emailed as usual. A weekly window still comes back next week. History records it."
          confirmLabel="End window"
          formAction={action}
          disabled={pending}
          size="sm"
          ariaLabel={`End ${label} now`}
        />
      ) : null}
      <p
        role="status"
        aria-live="polite"
        className={state.message ? noticeClasses(state.ok ? "ok" : "danger", "text-sm") : undefined}
      >
        {pending ? "Ending…" : state.message}
      </p>
    </form>
  );
}
