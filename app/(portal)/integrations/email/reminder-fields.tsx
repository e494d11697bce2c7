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
          <TextField
            id={`${id}-every`}
            label="Every (hours)"
            hint={`${REMINDER_HOURS.min} to ${REMINDER_HOURS.max}`}
            type="number"
            inputMode="numeric"
            min={REMINDER_HOURS.min}
            max={REMINDER_HOURS.max}
            step={1}
            className="w-28"
            value={Number.isNaN(reminders.everyHours) ? "" : reminders.everyHours}
            readOnly={readOnly}
            errors={errors.everyHours}
            onChange={(event) => onChange({ everyHours: typedNumber(event.target.value) })}
          />
          <TextField
            id={`${id}-times`}
            label="At most (times)"
            hint={`${REMINDER_TIMES.min} to ${REMINDER_TIMES.max}`}
            type="number"
            inputMode="numeric"
            min={REMINDER_TIMES.min}
            max={REMINDER_TIMES.max}
            step={1}
            className="w-28"
            value={Number.isNaN(reminders.times) ? "" : reminders.times}
            readOnly={readOnly}
            errors={errors.times}
            onChange={(event) => onChange({ times: typedNumber(event.target.value) })}
          />
        </div>
      ) : null}
    </div>
  );
}
