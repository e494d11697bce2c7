import Form from "next/form";
import Link from "next/link";
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES } from "@/lib/core/events";
import {
  type NotificationFilters,
  STATUS_FILTERS,
  type StatusFilter,
} from "@/lib/core/log-filters";
import { STATUS_FILTER_LABELS } from "./status-words";

/**
 * A GET form: the chosen filters live in the URL, so a filtered view can be bookmarked,
 * shared and reloaded, and the form works before any script has loaded.
 */
export function FiltersForm({
  filters,
  organizations,
}: {
  filters: NotificationFilters;
  organizations: { id: string; name: string }[];
}) {
  const active = Boolean(filters.type || filters.status || filters.organizationId);
  return (
    <Form action="/notifications" className="filters" aria-label="Filter notifications">
      <div className="field">
        <label htmlFor="filter-type">Type</label>
        <select id="filter-type" name="type" defaultValue={filters.type ?? ""}>
          <option value="">All types</option>
          {NOTIFICATION_TYPES.map((type) => (
            <option key={type} value={type}>
              {NOTIFICATION_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-status">Delivery status</label>
        <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
          <option value="">Any status</option>
          {(Object.keys(STATUS_FILTERS) as StatusFilter[]).map((status) => (
            <option key={status} value={status}>
              {STATUS_FILTER_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-organization">Organization</label>
        <select
          id="filter-organization"
          name="organization"
          defaultValue={filters.organizationId ?? ""}
        >
          <option value="">All organizations</option>
          {organizations.map((organization) => (
            <option key={organization.id} value={organization.id}>
              {organization.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        {active ? (
          <Link href="/notifications" className="button button-quiet">
            Clear filters
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
