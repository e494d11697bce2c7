import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * Name/value pairs (a delivery's facts, an email's envelope): two columns on a wide screen,
 * each name above its value on a phone.
 */
export function Facts({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <dl
      className={cn(
        "m-0 grid grid-cols-1 gap-x-4 sm:grid-cols-[max-content_minmax(0,1fr)] sm:gap-y-1",
        "[&_dd]:m-0 [&_dd]:mb-2 sm:[&_dd]:mb-0 [&_dt]:text-sm [&_dt]:text-muted-fg sm:[&_dt]:text-base",
        className,
      )}
    >
      {children}
    </dl>
  );
}
