"use client";

import { FieldError } from "@/app/_components/field-error";
import { SEVERITIES, type Severity } from "@/lib/core/events";
import { SEVERITY_WORDS } from "@/lib/core/subject";

/**
 * Which severities an override or a rule covers: all three by default; fewer limits it, e.g.
 * Critical only for an on-call address. Settings from before the limit existed cover all.
 */
export function SeverityLimitFields({
  id,
  legend,
  value,
  errors,
  readOnly,
  onChange,
}: {
  id: string;
  legend: string;
  value: readonly Severity[] | undefined;
  errors?: string[];
  readOnly: boolean;
  onChange: (severities: Severity[]) => void;
}) {
  const chosen = value ?? SEVERITIES;
  return (
    <fieldset
      className="flex flex-wrap gap-x-5 gap-y-2 [&>legend]:w-full"
      aria-describedby={errors ? `${id}-error` : undefined}
      aria-invalid={Boolean(errors)}
    >
      <legend>{legend}</legend>
      {SEVERITIES.map((severity) => (
        <label key={severity} className="inline-flex items-center gap-2 font-normal">
          <input
            type="checkbox"
            checked={chosen.includes(severity)}
            disabled={readOnly}
            aria-invalid={Boolean(errors)}
            onChange={(event) =>
              onChange(
                SEVERITIES.filter((one) =>
                  one === severity ? event.target.checked : chosen.includes(one),
                ),
              )
            }
          />{" "}
          {SEVERITY_WORDS[severity]}
        </label>
      ))}
      <FieldError id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}
