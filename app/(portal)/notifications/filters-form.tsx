import Form from "next/form";
import Link from "next/link";
import { choicesOf, SelectField } from "@/app/_components/select-field";
import { TextField } from "@/app/_components/text-field";
import { buttonClasses } from "@/app/_components/ui/button";
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES } from "@/lib/core/events";
import {
  formatDay,
  hasFilters,
  MAX_SEARCH_LENGTH,
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
const DAY_MS = 86_400_000;

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
  return (
    <Form action="/notifications" className="filters" aria-label="Filter notifications">
      <div className="col-span-full">
        <TextField
          id="filter-q"
          label="Search"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          maxLength={MAX_SEARCH_LENGTH}
          hint="Host, title, event id, organization, or a recipient's address"
        />
      </div>
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
      <TextField
        id="filter-from"
        label="From (UTC day)"
        name="from"
        type="date"
        defaultValue={filters.from === undefined ? "" : formatDay(filters.from)}
      />
      <TextField
        id="filter-to"
        label="To (UTC day, included)"
        name="to"
        type="date"
        defaultValue={filters.to === undefined ? "" : formatDay(filters.to - DAY_MS)}
      />
      <div className="filters-actions">
        <button type="submit" className={buttonClasses({ variant: "primary" })}>
          Apply filters
        </button>
        {hasFilters(filters) ? (
          <Link href="/notifications" className={buttonClasses({ variant: "quiet" })}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
