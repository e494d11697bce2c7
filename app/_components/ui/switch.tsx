import type { InputHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

/**
 * An on/off setting that looks like one: a native checkbox with the switch role, so it is
 * submitted with its form as any checkbox is (no script needed) and announced as "switch,
 * on/off". The label is its own text, clickable with the track.
 */
export function Switch({
  label,
  hint,
  className,
  id,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "role"> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <input
        id={id}
        type="checkbox"
        // biome-ignore lint/a11y/useAriaPropsForRole: a native checkbox in the switch role exposes its checked state itself (HTML-AAM); aria-checked would only duplicate it
        role="switch"
        aria-describedby={hintId}
        className={cn(
          "relative mt-0.5 h-6 w-11 shrink-0 cursor-pointer appearance-none rounded-full border border-input bg-surface-2",
          "transition-colors checked:border-primary checked:bg-primary",
          "before:absolute before:top-0.5 before:left-0.5 before:size-[1.125rem] before:rounded-full before:bg-fg/70",
          "before:transition-transform checked:before:translate-x-5 checked:before:bg-primary-fg",
          "disabled:cursor-not-allowed disabled:opacity-60",
        )}
        {...input}
      />
      <div className="min-w-0">
        <label htmlFor={id} className="cursor-pointer font-medium">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="m-0 text-sm text-muted-fg">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
