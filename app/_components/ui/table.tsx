import { clsx } from "clsx";
import { type ReactNode, type TdHTMLAttributes, useId } from "react";
import { cn } from "./cn";

/**
 * Every table in the portal, in one of two ways to fit a phone:
 * - `stack` (default): under 640 px each row becomes a block of "Column: value" lines (the
 *   column's name comes from each cell's `label`, see `Td`), so nothing scrolls sideways;
 * - `scroll`: the table keeps its grid and scrolls inside a region that is named and
 *   focusable, so it can be scrolled from the keyboard too (for wide data: headers, payloads).
 * Chromium and Firefox keep a stacked table's table semantics (rows, headers) for screen readers.
 */
export function Table({
  columns,
  caption,
  captionHidden = false,
  labelledBy,
  label,
  layout = "stack",
  className,
  children,
}: {
  columns: readonly string[];
  caption?: ReactNode;
  /** The caption for screen readers only, when the page already says what the table is. */
  captionHidden?: boolean;
  /** The id of a heading that names the table, instead of a caption. */
  labelledBy?: string;
  /** The name of the scroll region when there is no caption. */
  label?: string;
  layout?: "stack" | "scroll";
  className?: string;
  children: ReactNode;
}) {
  const captionId = useId();
  const table = (
    <table
      aria-labelledby={labelledBy}
      className={cn(
        "w-full border-collapse bg-surface text-left text-[0.95rem]",
        layout === "stack" && "table-stack",
      )}
    >
      {caption ? (
        <caption
          id={captionId}
          className={
            captionHidden ? "sr-only" : "px-3 py-2 text-left font-semibold text-fg caption-top"
          }
        >
          {caption}
        </caption>
      ) : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th
              key={column}
              scope="col"
              className="border-b border-line px-3 py-2 text-sm font-semibold text-muted-fg"
            >
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (layout === "stack") {
    return (
      <div className={cn("mt-2 overflow-hidden rounded-lg border border-line", className)}>
        {table}
      </div>
    );
  }
  return (
    <section
      // Named by the caption or `label`; a table named by a heading leaves its region unnamed,
      // since that heading usually names the section around it too (two landmarks, one name).
      aria-label={caption ? undefined : label}
      aria-labelledby={caption ? captionId : undefined}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled by keyboard (axe: scrollable-region-focusable)
      tabIndex={0}
      className={cn("mt-2 overflow-x-auto rounded-lg border border-line", className)}
    >
      {table}
    </section>
  );
}

/** A row of a `Table` (clsx, not cn: a caller's utilities win over `ui-row` by their CSS layer). */
export function Tr({ className, children }: { className?: string; children: ReactNode }) {
  return <tr className={clsx("ui-row", className)}>{children}</tr>;
}

/**
 * A cell; `label` is its column's name, shown beside the value when the table stacks. The
 * content is wrapped so that it stays one grid item there, however many nodes it has.
 */
export function Td({
  label,
  className,
  children,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return (
    <td data-label={label} className={clsx("ui-cell", className)} {...props}>
      <div className="min-w-0">{children}</div>
    </td>
  );
}

/** A row's header cell (its first, naming cell). */
export function Th({
  label,
  className,
  children,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return (
    <th
      scope="row"
      data-label={label}
      className={cn("ui-cell font-semibold", className)}
      {...props}
    >
      <div className="min-w-0">{children}</div>
    </th>
  );
}
