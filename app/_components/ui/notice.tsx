import type { HTMLAttributes } from "react";
import { cn } from "./cn";

const TONES = {
  info: "border-primary/30 bg-primary-soft",
  ok: "border-ok/40 bg-ok-soft",
  warn: "border-warn/40 bg-warn-soft",
  danger: "border-danger/40 bg-danger-soft",
} as const;

export type NoticeTone = keyof typeof TONES;

/** The classes of a notice, for an element that is already something else (a live region). */
export function noticeClasses(tone: NoticeTone, className?: string): string {
  return cn(
    "m-0 rounded-md border px-3 py-2 text-fg [&_p]:m-0 [&_p+p]:mt-1",
    TONES[tone],
    className,
  );
}

/**
 * A message in the flow of the page: a saved confirmation, a refusal, a warning. The tone is
 * colour and border; the words carry the meaning.
 */
export function Notice({
  tone = "info",
  className,
  ...props
}: HTMLAttributes<HTMLDivElement> & { tone?: NoticeTone }) {
  return <div className={noticeClasses(tone, className)} {...props} />;
}
