import { clsx } from "clsx";
import type { HTMLAttributes } from "react";

/*
 * The tones are component classes in app/globals.css (`.badge`, `.badge-ok`…), not utility
 * strings: a page of the delivery log has hundreds of badges, and each one's class string
 * is sent twice (in the HTML and in the React payload that hydrates it). The critical tone
 * is the loudest: solid, for what must not be missed (a Critical incident).
 */
export type BadgeTone = "neutral" | "info" | "ok" | "warn" | "danger" | "critical";

/** A caller's utilities still win over the badge's own (utilities come after components). */
export function badgeClasses(tone: BadgeTone = "neutral", className?: string): string {
  return clsx("badge", `badge-${tone}`, className);
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
