import type { HTMLAttributes } from "react";
import { cn } from "./cn";

const TONES = {
  neutral: "bg-surface-2 text-fg border-line",
  info: "bg-primary-soft text-primary border-primary/30",
  ok: "bg-ok-soft text-ok border-ok/30",
  warn: "bg-warn-soft text-warn border-warn/30",
  danger: "bg-danger-soft text-danger border-danger/30",
  /** The loudest: solid, for what must not be missed (a Critical incident). */
  critical: "bg-danger text-surface border-danger",
} as const;

export type BadgeTone = keyof typeof TONES;

export function badgeClasses(tone: BadgeTone = "neutral", className?: string): string {
  return cn(
    "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-px text-xs font-semibold",
    TONES[tone],
    className,
  );
}

/**
 * A short label in a pill. The tone is never the only signal: the text says it too, so it
 * reads the same without colour.
 */
export function Badge({
  tone = "neutral",
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return <span className={badgeClasses(tone, className)} {...props} />;
}
