import {
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPES,
  type NotificationEvent,
} from "@/lib/notifications/events";
import { type PreviewRequest, SAMPLE_SOURCE } from "@/lib/notifications/preview";
import type { LoadedPreview } from "./data";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * What to preview, as a GET form: every choice lands in the URL, so a preview can be linked
 * and reloaded. The selects show what is actually previewed (after any fallback).
 */
export function PreviewPicker({
  loaded,
  event,
  source,
}: {
  loaded: LoadedPreview;
  event: NotificationEvent;
  source: string;
}) {
  const request: PreviewRequest = loaded.request;
  const organizationId = loaded.preview.organizationId ?? "";
  return (
    <form method="get" action="/previews" className="preview-picker" aria-label="Choose an email">
      <div className="field">
        <label htmlFor="preview-type">Type</label>
        <select id="preview-type" name="type" defaultValue={request.type}>
          {NOTIFICATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {NOTIFICATION_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="preview-status">Form</label>
        <select id="preview-status" name="status" defaultValue={request.status}>
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="preview-source">Source</label>
        <select id="preview-source" name="source" defaultValue={source}>
          <option value={SAMPLE_SOURCE}>Sample data</option>
          {loaded.pastOptions.length > 0 ? (
            <optgroup label="Past notifications of this type and form">
              {loaded.pastOptions.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.title} ({option.organizationName}), {dateTime.format(option.createdAt)}{" "}
                  UTC
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      <div className="field">
        <label htmlFor="preview-org">Organization</label>
        {loaded.organizations.length > 0 ? (
          <select id="preview-org" name="org" defaultValue={organizationId}>
            {organizationId === "" ? (
              <option value="">{event.organization.name} (as sent)</option>
            ) : null}
            {loaded.organizations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        ) : (
          <select id="preview-org" name="org" defaultValue="" disabled>
            <option value="">No organizations yet: {event.organization.name} (sample)</option>
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
