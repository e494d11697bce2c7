"use client";

import { useActionState } from "react";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
import { type ActionState, initialActionState } from "@/lib/auth/action-state";

/**
 * One button posting one server action with fixed fields, and its answer announced beside
 * it: Send test ticket, Remove, and each duplicate fix.
 */
export function ActionButton({
  action,
  fields = {},
  label,
  pendingLabel,
  danger = false,
  confirm,
}: {
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>;
  fields?: Record<string, string>;
  label: string;
  pendingLabel: string;
  danger?: boolean;
  /** Asked in the portal's dialog before the action runs (a removal); cancelling sends nothing. */
  confirm?: { title: string; description: string };
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {confirm ? (
        <ConfirmSubmit
          label={pending ? pendingLabel : label}
          title={confirm.title}
          description={confirm.description}
          confirmLabel={label}
          formAction={formAction}
          disabled={pending}
          variant={danger ? "danger" : "primary"}
          size="sm"
        />
      ) : (
        <button
          type="submit"
          className={buttonClasses({ variant: danger ? "danger" : "primary", size: "sm" })}
          disabled={pending}
        >
          {pending ? pendingLabel : label}
        </button>
      )}
      <div role="status" aria-live="polite">
        {state.message ? (
          <p className={noticeClasses(state.ok ? "ok" : "danger")}>{state.message}</p>
        ) : null}
      </div>
    </form>
  );
}
