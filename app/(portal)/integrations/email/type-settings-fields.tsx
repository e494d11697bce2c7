"use client";

import { NOTIFICATION_TYPE_PLURALS, type NotificationType } from "@/lib/core/events";
import type { TypeSettings } from "@/lib/core/settings";
import { pendingField } from "@/lib/core/settings-form";
import { AddressListInput } from "./address-list-input";

/** One notification type's fields: its override and addresses, and its 'resolved' switch. */
export function TypeSettingsFields({
  type,
  own,
  version,
  errors,
  readOnly,
  onChange,
  onEditAddresses,
}: {
  type: NotificationType;
  own: TypeSettings;
  version: number;
  errors?: string[];
  readOnly: boolean;
  onChange: (patch: Partial<TypeSettings>) => void;
  onEditAddresses: () => void;
}) {
  const plural = NOTIFICATION_TYPE_PLURALS[type];
  return (
    <fieldset className="type-settings">
      <legend>{plural}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={own.override}
          disabled={readOnly}
          onChange={(event) => onChange({ override: event.target.checked })}
        />{" "}
        Override Global Settings for {plural}
      </label>
      {own.override ? (
        <AddressListInput
          key={`${type}-${version}`}
          id={`type-${type}-addresses`}
          label={`${plural} notification emails`}
          addresses={own.addresses}
          onChange={(addresses) => onChange({ addresses })}
          pendingName={pendingField.type(type)}
          errors={errors}
          onEdit={onEditAddresses}
          readOnly={readOnly}
        />
      ) : (
        <p className="hint">
          Sent to the Default Notification Emails.
          {own.addresses.length
            ? ` Kept for when you switch the override back on: ${own.addresses.join(", ")}.`
            : ""}
        </p>
      )}
      <label className="check switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={own.resolved}
          checked={own.resolved}
          disabled={readOnly}
          onChange={(event) => onChange({ resolved: event.target.checked })}
        />{" "}
        Email resolved {plural} notifications
      </label>
    </fieldset>
  );
}
