import type { ReactNode } from "react";
import { Table } from "./ui/table";

/**
 * A table of the portal's rows, as ui/Table draws them: by default it scrolls inside its own
 * named region on a narrow screen (the page never does); `layout="stack"` turns each row into
 * "Column: value" lines instead, for rows whose cells say their column (`Td label`).
 */
export function DataTable({
  columns,
  caption,
  captionHidden = false,
  labelledBy,
  label,
  layout = "scroll",
  className,
  children,
}: {
  columns: readonly string[];
  caption?: ReactNode;
  captionHidden?: boolean;
  /** The id of a heading that names the table, instead of a caption. */
  labelledBy?: string;
  /** The region's name when there is neither a caption nor a heading. */
  label?: string;
  layout?: "stack" | "scroll";
  className?: string;
  children: ReactNode;
}) {
  return (
    <Table
      columns={columns}
      caption={caption}
      captionHidden={captionHidden}
      labelledBy={labelledBy}
      label={label}
      layout={layout}
      className={className}
    >
      {children}
    </Table>
  );
}
