"use client";

import type { ChangeEvent } from "react";
import { type Choice, choicesOf, SelectField } from "@/app/_components/select-field";
import { buttonClasses } from "@/app/_components/ui/button";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES } from "@/lib/core/events";
import { type PreviewRequest, REMINDER_FORM, SAMPLE_SOURCE } from "@/lib/core/preview";

export type PickerOption = Choice;

const TYPE_CHOICES = choicesOf(NOTIFICATION_TYPES, NOTIFICATION_TYPE_LABELS);
const FORM_CHOICES: Choice[] = [
  { value: "open", label: "Open" },
  { value: "updated", label: "Update" },
  { value: REMINDER_FORM, label: "Reminder" },
  { value: "resolved", label: "Resolved" },
];

/** The past notifications listed belong to the type and form shown: a new choice starts from sample data. */
function resetSource(event: ChangeEvent<HTMLSelectElement>) {
  const source = event.currentTarget.form?.elements.namedItem("source");
  if (source instanceof HTMLSelectElement) source.value = SAMPLE_SOURCE;
}

/**
 * What to preview, as a GET form: every choice lands in the URL, so a preview can be linked
 * and reloaded, and it works without script. The selects show what is actually previewed
 * (after any fallback).
 */
export function PreviewPicker({
  request,
  source,
  pastOptions,
  organizations,
  organizationId,
  organizationName,
}: {
  request: PreviewRequest;
  /** What is previewed: `sample` or a past notification's id. */
  source: string;
  pastOptions: PickerOption[];
  organizations: PickerOption[];
  /** The organization previewed, or "" when the event keeps its own. */
  organizationId: string;
  organizationName: string;
}) {
  return (
    <form
      method="get"
      action="/previews"
      className={`${CARD_CLASSES} mt-0 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-1`}
      aria-label="Choose an email"
    >
      <SelectField
        id="preview-type"
        label="Type"
        name="type"
        defaultValue={request.type}
        choices={TYPE_CHOICES}
        onChange={resetSource}
      />
      <SelectField
        id="preview-status"
        label="Form"
        name="status"
        defaultValue={request.reminder ? REMINDER_FORM : request.status}
        choices={FORM_CHOICES}
        onChange={resetSource}
      />
      <SelectField id="preview-source" label="Source" name="source" defaultValue={source}>
        <option value={SAMPLE_SOURCE}>Sample data</option>
        {pastOptions.length > 0 ? (
          <optgroup label="Past notifications of this type and form">
            {pastOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ) : null}
      </SelectField>
      {organizations.length > 0 ? (
        <SelectField
          id="preview-org"
          label="Organization"
          name="org"
          defaultValue={organizationId}
          emptyChoice={organizationId === "" ? `${organizationName} (as sent)` : undefined}
          choices={organizations}
        />
      ) : (
        <SelectField
          id="preview-org"
          label="Organization"
          name="org"
          defaultValue=""
          emptyChoice={`No organizations yet: ${organizationName} (sample)`}
          disabled
        />
      )}
      <div className="flex items-end">
        <button type="submit" className={buttonClasses({ variant: "primary" })}>
          Show preview
        </button>
      </div>
    </form>
  );
}
