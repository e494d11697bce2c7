import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/app/_components/ui/cn";

/** One figure of the Overview, linking to the list it counts. */
export function Counter({
  label,
  value,
  href,
  tone = "neutral",
  children,
}: {
  label: string;
  value: number;
  href: string;
  tone?: "neutral" | "ok" | "danger";
  children?: ReactNode;
}) {
  return (
    <li className="min-w-0 rounded-lg border border-line bg-surface p-4 shadow-sm">
      <Link href={href} className="block text-fg no-underline hover:underline">
        <span className="block text-sm text-muted-fg">{label}</span>
        <span
          className={cn(
            "block text-3xl font-semibold tabular-nums",
            tone === "ok" && "text-ok",
            tone === "danger" && value > 0 && "text-danger",
          )}
        >
          {value.toLocaleString("en-US")}
        </span>
      </Link>
      {children}
    </li>
  );
}
