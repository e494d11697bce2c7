import type { ReactNode } from "react";

/**
 * Every table in the portal: scrollable on a narrow screen, a caption (for screen readers
 * only when the page already says what the table is), one header cell per column, and the
 * rows the caller gives.
 */
export function DataTable({
  columns,
  caption,
  captionHidden = false,
  labelledBy,
  className,
  children,
}: {
  columns: readonly string[];
  caption?: ReactNode;
  captionHidden?: boolean;
  /** The id of a heading that names the table, instead of a caption. */
  labelledBy?: string;
  /** Added to `table-wrap`, e.g. `history`. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"}>
      <table aria-labelledby={labelledBy}>
        {caption ? (
          <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>
        ) : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
