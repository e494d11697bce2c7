"use client";

import { useActionState } from "react";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { noticeClasses } from "@/app/_components/ui/notice";
import { initialActionState } from "@/lib/auth/action-state";
import { removeFlaggedAddressAction } from "./actions";

/**
 * A flagged address's "Remove", asked first, with the answer read out beside it. It stays
 * mounted once the address is gone from the settings (`configured` false), so its answer
 * is still there to read.
 */
export function RemoveAddressButton({
  address,
  configured,
}: {
  address: string;
  configured: boolean;
}) {
  const [state, action, pending] = useActionState(removeFlaggedAddressAction, initialActionState);
  return (
    <form className="flex flex-col items-start gap-2">
      <input type="hidden" name="address" value={address} />
      {configured ? (
        <ConfirmSubmit
          label="Remove"
          title={`Remove ${address}?`}
          description="It is taken out of the Default Notification Emails, every type's override and every organization rule. The settings form above reloads with the change, and History records it."
          confirmLabel="Remove address"
          formAction={action}
          disabled={pending}
          size="sm"
          ariaLabel={`Remove ${address}`}
        />
      ) : (
        <span className="text-sm text-muted-fg">No longer in the settings</span>
      )}
      <p
        role="status"
        aria-live="polite"
        className={state.message ? noticeClasses(state.ok ? "ok" : "danger", "text-sm") : undefined}
      >
        {pending ? "Removing…" : state.message}
      </p>
    </form>
  );
}
