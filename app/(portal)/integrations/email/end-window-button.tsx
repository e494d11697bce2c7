"use client";

import { endMaintenanceWindowAction } from "./actions";
import { ConfirmedActionForm } from "./confirmed-action-form";

/** "End now" on an active window; once ended, the answer stays and the button goes. */
export function EndWindowButton({
  windowId,
  label,
  active,
}: {
  windowId: string;
  label: string;
  active: boolean;
}) {
  return (
    <ConfirmedActionForm
      action={endMaintenanceWindowAction}
      field={{ name: "windowId", value: windowId }}
      available={active}
      label="End now"
      ariaLabel={`End ${label} now`}
      title={`End ${label} now?`}
      description="Its notifications held so far go out at once, as one digest per recipient, and new ones are emailed as usual. A weekly window still comes back next week. History records it."
      confirmLabel="End window"
      pendingText="Ending…"
    />
  );
}
