import Form from "next/form";
import Link from "next/link";
import { choicesOf, SelectField } from "@/app/_components/select-field";
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES } from "@/lib/core/events";
import {
  type NotificationFilters,
  STATUS_FILTERS,
  type StatusFilter,
} from "@/lib/core/log-filters";
import { STATUS_FILTER_LABELS } from "./status-words";

const TYPE_CHOICES = choicesOf(NOTIFICATION_TYPES, NOTIFICATION_TYPE_LABELS);
const STATUS_CHOICES = choicesOf(
  Object.keys(STATUS_FILTERS) as StatusFilter[],
  STATUS_FILTER_LABELS,
);

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
      <SelectField
        id="filter-type"
        label="Type"
        name="type"
        defaultValue={filters.type ?? ""}
        emptyChoice="All types"
        choices={TYPE_CHOICES}
      />
      <SelectField
        id="filter-status"
        label="Delivery status"
        name="status"
        defaultValue={filters.status ?? ""}
        emptyChoice="Any status"
        choices={STATUS_CHOICES}
      />
      <SelectField
        id="filter-organization"
        label="Organization"
        name="organization"
        defaultValue={filters.organizationId ?? ""}
        emptyChoice="All organizations"
        choices={organizations.map(({ id, name }) => ({ value: id, label: name }))}
      />
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
