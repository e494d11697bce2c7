"use client";

import { FieldError } from "@/app/_components/field-error";
import { Switch } from "@/app/_components/ui/switch";
import { NOTIFICATION_TYPE_PLURALS, type NotificationType } from "@/lib/core/events";
import { DELIVERY_MODES, type DeliveryMode, type TypeSettings } from "@/lib/core/settings";
import { pendingField } from "@/lib/core/settings-form";
import { AddressListInput } from "./address-list-input";
import { type ReminderErrors, ReminderFields } from "./reminder-fields";
import { SeverityLimitFields } from "./severity-limit-fields";

const DELIVERY_LABELS: Record<DeliveryMode, string> = {
  immediate: "Immediately",
  hourly: "Hourly digest",
  daily: "Daily digest",
};

/**
 * One notification type's fields: its override and addresses, its 'resolved' and updates
 * switches, its reminders, and when it is sent (at once, or in an hourly or daily digest).
 */
export function TypeSettingsFields({
  type,
  own,
  version,
  errors,
  reminderErrors,
  scheduleErrors,
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
  /** Errors of the delivery choice and of the daily digest's time. */
  scheduleErrors: { delivery?: string[]; digestAt?: string[] };
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
      <div className="flex flex-wrap gap-4">
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`type-${type}-delivery`} className="font-semibold">
            Send {plural}
          </label>
          <select
            id={`type-${type}-delivery`}
            value={own.delivery}
            disabled={readOnly}
            aria-invalid={scheduleErrors.delivery?.length ? true : undefined}
            aria-describedby={`type-${type}-delivery-error type-${type}-delivery-hint`}
            onChange={(event) => onChange({ delivery: event.target.value as DeliveryMode })}
          >
            {DELIVERY_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {DELIVERY_LABELS[mode]}
              </option>
            ))}
          </select>
          <p id={`type-${type}-delivery-hint`} className="m-0 text-sm text-muted-fg">
            {own.delivery === "immediate"
              ? "Each notification is emailed as it arrives."
              : "Collected into one email per recipient; critical ones are always sent at once."}
          </p>
          <FieldError id={`type-${type}-delivery-error`} errors={scheduleErrors.delivery} />
        </div>
        {own.delivery === "daily" ? (
          <div className="flex min-w-0 flex-col gap-1">
            <label htmlFor={`type-${type}-digest-at`} className="font-semibold">
              Daily digest time for {plural}
            </label>
            <input
              id={`type-${type}-digest-at`}
              type="time"
              value={own.digestAt}
              disabled={readOnly}
              aria-invalid={scheduleErrors.digestAt?.length ? true : undefined}
              aria-describedby={`type-${type}-digest-at-error`}
              onChange={(event) => onChange({ digestAt: event.target.value })}
            />
            <FieldError id={`type-${type}-digest-at-error`} errors={scheduleErrors.digestAt} />
          </div>
        ) : null}
      </div>
    </fieldset>
  );
}
