"use client";

import { removeFlaggedAddressAction } from "./actions";
import { ConfirmedActionForm } from "./confirmed-action-form";

/** A flagged address's "Remove"; once the address is gone from the settings, it says so. */
export function RemoveAddressButton({
  address,
  configured,
}: {
  address: string;
  configured: boolean;
}) {
  return (
    <ConfirmedActionForm
      action={removeFlaggedAddressAction}
      field={{ name: "address", value: address }}
      available={configured}
      instead={<span className="text-sm text-muted-fg">No longer in the settings</span>}
      label="Remove"
      ariaLabel={`Remove ${address}`}
      title={`Remove ${address}?`}
      description="It is taken out of the Default Notification Emails, every type's override and every organization rule. The settings form above reloads with the change, and History records it."
      confirmLabel="Remove address"
      pendingText="Removing…"
    />
  );
}
