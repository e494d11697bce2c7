"use client";

import { Switch } from "@/app/_components/ui/switch";
import { NOTIFICATION_TYPE_PLURALS, type NotificationType } from "@/lib/core/events";
import type { TypeSettings } from "@/lib/core/settings";
import { pendingField } from "@/lib/core/settings-form";
import { AddressListInput } from "./address-list-input";
import { type ReminderErrors, ReminderFields } from "./reminder-fields";
import { SeverityLimitFields } from "./severity-limit-fields";

/** One notification type's fields: its override and addresses, its follow-up switches, its reminders. */
export function TypeSettingsFields({
  type,
  own,
  version,
  errors,
  reminderErrors,
  severityErrors,
  readOnly,
  onChange,
  onEditAddresses,
}: {
  type: NotificationType;
  own: TypeSettings;
  version: number;
  errors?: string[];
  reminderErrors: ReminderErrors;
  severityErrors?: string[];
  readOnly: boolean;
  onChange: (patch: Partial<TypeSettings>) => void;
  onEditAddresses: () => void;
}) {
  const plural = NOTIFICATION_TYPE_PLURALS[type];
  return (
    <fieldset className="mt-3 flex flex-col gap-2.5">
      <legend>{plural}</legend>
      <label className="inline-flex items-center gap-2 font-normal">
        <input
          type="checkbox"
          checked={own.override}
          disabled={readOnly}
          onChange={(event) => onChange({ override: event.target.checked })}
        />{" "}
        Override Global Settings for {plural}
      </label>
      {own.override ? (
        <>
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
          <SeverityLimitFields
            id={`type-${type}-severities`}
            legend={`Severities the override covers (the others go to the Default Notification Emails)`}
            value={own.severities}
            errors={severityErrors}
            readOnly={readOnly}
            onChange={(severities) => onChange({ severities })}
          />
        </>
      ) : (
        <p className="m-0 text-sm text-muted-fg">
          Sent to the Default Notification Emails.
          {own.addresses.length
            ? ` Kept for when you switch the override back on: ${own.addresses.join(", ")}.`
            : ""}
        </p>
      )}
      <Switch
        id={`type-${type}-resolved`}
        label={`Email resolved ${plural} notifications`}
        checked={own.resolved}
        disabled={readOnly}
        onChange={(event) => onChange({ resolved: event.target.checked })}
      />
      <Switch
        id={`type-${type}-updates`}
        label={`Email updates of open ${plural}`}
        checked={own.updates}
        disabled={readOnly}
        onChange={(event) => onChange({ updates: event.target.checked })}
      />
      <ReminderFields
        type={type}
        reminders={own.reminders}
        errors={reminderErrors}
        readOnly={readOnly}
        onChange={(patch) => onChange({ reminders: { ...own.reminders, ...patch } })}
      />
    </fieldset>
  );
}
