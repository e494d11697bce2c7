"use client";

import { FieldError } from "@/app/_components/field-error";
import { buttonClasses } from "@/app/_components/ui/button";
import type { MaintenanceWindow } from "@/lib/core/settings";
import type { OrganizationOption } from "../data";

/** The option value for "every organization" (a window's organizationId null). */
const EVERY = "";

/** One maintenance window's fields: whose, from when to when, weekly or not, and why. */
export function MaintenanceWindowFields({
  window,
  number,
  organizations,
  errors,
  readOnly,
  onChange,
  onRemove,
}: {
  window: MaintenanceWindow;
  /** 1-based, for labels that tell windows apart. */
  number: number;
  organizations: OrganizationOption[];
  errors: Record<string, string[]>;
  readOnly: boolean;
  onChange: (window: MaintenanceWindow) => void;
  onRemove: () => void;
}) {
  const base = `window-${window.id}`;
  const errorsOf = (field: string) => errors[`window:${window.id}.${field}`];
  const name =
    window.organizationId === null
      ? "every organization"
      : organizations.find((org) => org.id === window.organizationId)?.name;
  const field = (
    key: "start" | "end" | "reason",
    label: string,
    input: { type: string; value: string; maxLength?: number },
  ) => (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={`${base}-${key}`}>{label}</label>
      <input
        id={`${base}-${key}`}
        {...input}
        readOnly={readOnly}
        onChange={(event) => onChange({ ...window, [key]: event.target.value })}
        aria-invalid={errorsOf(key) ? true : undefined}
        aria-describedby={`${base}-${key}-error`}
      />
      <FieldError id={`${base}-${key}-error`} errors={errorsOf(key)} />
    </div>
  );

  return (
    <fieldset className="mt-3 flex flex-col gap-2.5">
      <legend>
        Window {number}
        {name ? `: ${name}` : ""}
      </legend>
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor={`${base}-organization`}>Organization for window {number}</label>
        <select
          id={`${base}-organization`}
          value={window.organizationId ?? EVERY}
          disabled={readOnly}
          onChange={(event) => onChange({ ...window, organizationId: event.target.value || null })}
          aria-invalid={errorsOf("organizationId") ? true : undefined}
          aria-describedby={`${base}-organization-error`}
        >
          <option value={EVERY}>Every organization</option>
          {organizations.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </select>
        <FieldError id={`${base}-organization-error`} errors={errorsOf("organizationId")} />
      </div>
      <div className="flex flex-wrap gap-4">
        {field("start", `Window ${number} starts`, { type: "datetime-local", value: window.start })}
        {field("end", `Window ${number} ends`, { type: "datetime-local", value: window.end })}
      </div>
      <label className="inline-flex items-center gap-2 font-normal">
        <input
          type="checkbox"
          checked={window.weekly}
          disabled={readOnly}
          onChange={(event) => onChange({ ...window, weekly: event.target.checked })}
        />{" "}
        Repeat every week at these times
      </label>
      {field("reason", `Reason for window ${number}`, {
        type: "text",
        value: window.reason,
        maxLength: 200,
      })}
      {readOnly ? null : (
        <div>
          <button type="button" className={buttonClasses({ size: "sm" })} onClick={onRemove}>
            Remove window {number}
          </button>
        </div>
      )}
    </fieldset>
  );
}
