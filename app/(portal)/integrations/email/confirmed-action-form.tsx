"use client";

import { type ReactNode, useActionState } from "react";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { noticeClasses } from "@/app/_components/ui/notice";
import { type ActionState, initialActionState } from "@/lib/auth/action-state";

/**
 * One server action on one item (a flagged address, a maintenance window), asked first in the
 * portal's dialog, with its answer read out beside it. The form stays mounted once the item is
 * done with (`available` false), so the answer is still there to read.
 */
export function ConfirmedActionForm({
  action,
  field,
  available,
  instead = null,
  label,
  ariaLabel,
  title,
  description,
  confirmLabel,
  pendingText,
}: {
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>;
  /** The hidden field naming the item. */
  field: { name: string; value: string };
  available: boolean;
  /** Shown in the button's place once it is not available. */
  instead?: ReactNode;
  label: string;
  ariaLabel: string;
  title: string;
  description: string;
  confirmLabel: string;
  pendingText: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form className="flex flex-col items-start gap-2">
      <input type="hidden" name={field.name} value={field.value} />
      {available ? (
        <ConfirmSubmit
          label={label}
          title={title}
          description={description}
          confirmLabel={confirmLabel}
          formAction={formAction}
          disabled={pending}
          size="sm"
          ariaLabel={ariaLabel}
        />
      ) : (
        instead
      )}
      <p
        role="status"
        aria-live="polite"
        className={state.message ? noticeClasses(state.ok ? "ok" : "danger", "text-sm") : undefined}
      >
        {pending ? pendingText : state.message}
      </p>
    </form>
  );
}
