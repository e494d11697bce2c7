"use client";

import { TextField } from "@/app/_components/text-field";
import { Switch } from "@/app/_components/ui/switch";
import { NOTIFICATION_TYPE_PLURALS, type NotificationType } from "@/lib/core/events";
import { REMINDER_HOURS, REMINDER_TIMES, type ReminderSettings } from "@/lib/core/reminders";

export type ReminderErrors = { everyHours?: string[]; times?: string[] };

/** An empty or unreadable box is kept as NaN (sent as null), so the server names the field. */
function typedNumber(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}

/** A whole number between the range's ends; an empty box is NaN until the server names it. */
function BoundedNumberField({
  id,
  label,
  range,
  value,
  readOnly,
  errors,
  onChange,
}: {
  id: string;
  label: string;
  range: { min: number; max: number };
  value: number;
  readOnly: boolean;
  errors?: string[];
  onChange: (value: number) => void;
}) {
  return (
    <TextField
      id={id}
      label={label}
      hint={`${range.min} to ${range.max}`}
      type="number"
      inputMode="numeric"
      min={range.min}
      max={range.max}
      step={1}
      className="w-28"
      value={Number.isNaN(value) ? "" : value}
      readOnly={readOnly}
      errors={errors}
      onChange={(event) => onChange(typedNumber(event.target.value))}
    />
  );
}

/** One type's "remind every N hours until resolved, at most M times". */
export function ReminderFields({
  type,
  reminders,
  errors,
  readOnly,
  onChange,
}: {
  type: NotificationType;
  reminders: ReminderSettings;
  errors: ReminderErrors;
  readOnly: boolean;
  onChange: (patch: Partial<ReminderSettings>) => void;
}) {
  const plural = NOTIFICATION_TYPE_PLURALS[type];
  const id = `type-${type}-reminders`;
  return (
    <div className="flex flex-col gap-2">
      <Switch
        id={id}
        label={`Remind about open ${plural} until they are resolved`}
        checked={reminders.enabled}
        disabled={readOnly}
        onChange={(event) => onChange({ enabled: event.target.checked })}
      />
      {reminders.enabled ? (
        <div className="ml-14 flex flex-wrap gap-4">
          <BoundedNumberField
            id={`${id}-every`}
            label="Every (hours)"
            range={REMINDER_HOURS}
            value={reminders.everyHours}
            readOnly={readOnly}
            errors={errors.everyHours}
            onChange={(everyHours) => onChange({ everyHours })}
          />
          <BoundedNumberField
            id={`${id}-times`}
            label="At most (times)"
            range={REMINDER_TIMES}
            value={reminders.times}
            readOnly={readOnly}
            errors={errors.times}
            onChange={(times) => onChange({ times })}
          />
        </div>
      ) : null}
    </div>
  );
}
