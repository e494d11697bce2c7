import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export const CARD_CLASSES =
  "mt-4 min-w-0 rounded-lg border border-line bg-surface p-4 text-fg shadow-sm sm:p-5 [&>h2:first-child]:mt-0";

/** A panel on the page's background: a section of a page (default), or one item of a list. */
export function Card({
  as: Element = "section",
  className,
  ...props
}: HTMLAttributes<HTMLElement> & { as?: "section" | "div" | "li" | "article" }) {
  return <Element className={cn(CARD_CLASSES, className)} {...props} />;
}

/** A card's heading row: its title, and any actions aligned to the end (wrapping on a phone). */
export function CardHeader({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={cn("mb-3 flex flex-wrap items-center justify-between gap-2", className)}
      {...props}
    />
  );
}

export function CardTitle({ className, ...props }: HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn("m-0 text-lg font-semibold", className)} {...props} />;
}
