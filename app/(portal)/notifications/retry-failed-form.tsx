"use client";

import { useActionState } from "react";
import { Button } from "@/app/_components/ui/button";
import { initialActionState } from "@/lib/auth/action-state";
import { retryFailedAction } from "./actions";

/** Admins: queue every failed or dead delivery that the current filters match, again. */
export function RetryFailedForm({
  filters,
  available,
}: {
  filters: Record<string, string>;
  /** Whether the list shows a failed or dead delivery now. */
  available: boolean;
}) {
  const [state, action, pending] = useActionState(retryFailedAction, initialActionState);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      {Object.entries(filters).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" size="sm" disabled={pending || !available}>
        {pending ? "Queuing…" : "Retry failed deliveries"}
      </Button>
      <span
        role="status"
        aria-live="polite"
        className={state.ok ? "text-sm text-ok" : "text-sm text-danger"}
      >
        {state.message}
      </span>
    </form>
  );
}
