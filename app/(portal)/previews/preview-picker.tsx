"use client";

import type { ChangeEvent } from "react";
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES } from "@/lib/core/events";
import { type PreviewRequest, SAMPLE_SOURCE } from "@/lib/core/preview";

export type PickerOption = { value: string; label: string };

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
    <form method="get" action="/previews" className="preview-picker" aria-label="Choose an email">
      <div className="field">
        <label htmlFor="preview-type">Type</label>
        <select id="preview-type" name="type" defaultValue={request.type} onChange={resetSource}>
          {NOTIFICATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {NOTIFICATION_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="preview-status">Form</label>
        <select
          id="preview-status"
          name="status"
          defaultValue={request.status}
          onChange={resetSource}
        >
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="preview-source">Source</label>
        <select id="preview-source" name="source" defaultValue={source}>
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
        </select>
      </div>
      <div className="field">
        <label htmlFor="preview-org">Organization</label>
        {organizations.length > 0 ? (
          <select id="preview-org" name="org" defaultValue={organizationId}>
            {organizationId === "" ? <option value="">{organizationName} (as sent)</option> : null}
            {organizations.map((org) => (
              <option key={org.value} value={org.value}>
                {org.label}
              </option>
            ))}
          </select>
        ) : (
          <select id="preview-org" name="org" defaultValue="" disabled>
            <option value="">No organizations yet: {organizationName} (sample)</option>
          </select>
        )}
      </div>
      <div className="preview-picker-submit">
        <button type="submit" className="button button-primary">
          Show preview
        </button>
      </div>
    </form>
  );
}
