import { Slot } from "@radix-ui/react-slot";
import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

const VARIANTS = {
  primary:
    "bg-primary text-primary-fg border-primary hover:bg-primary-hover hover:border-primary-hover",
  secondary: "bg-surface text-fg border-line hover:bg-surface-2",
  danger: "bg-surface text-danger border-danger/50 hover:bg-danger-soft",
  quiet: "bg-transparent text-fg border-transparent hover:bg-surface-2",
} as const;

const SIZES = {
  md: "min-h-9 px-3.5 py-1.5 text-[0.95rem]",
  sm: "min-h-7 px-2.5 py-0.5 text-sm",
  icon: "size-9 p-0",
} as const;

export type ButtonVariant = keyof typeof VARIANTS;
export type ButtonSize = keyof typeof SIZES;

/** The classes of a button, for a link or a label that must look like one. */
export function buttonClasses({
  variant = "secondary",
  size = "md",
  className,
}: {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
} = {}): string {
  return cn(
    "inline-flex shrink-0 items-center justify-center gap-1.5 whitespace-nowrap rounded-md border font-medium no-underline",
    "cursor-pointer transition-colors select-none",
    "disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60",
    VARIANTS[variant],
    SIZES[size],
    className,
  );
}

/**
 * The one button. `asChild` lends its look to the element inside (a Next `<Link>`), so a
 * link that reads as an action still is a link. `type` defaults to "button": a button in a
 * form submits only when it says so.
 */
export function Button({
  variant,
  size,
  asChild = false,
  className,
  type,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  asChild?: boolean;
}) {
  const classes = buttonClasses({ variant, size, className });
  if (asChild) return <Slot className={classes} {...props} />;
  return <button type={type ?? "button"} className={classes} {...props} />;
}
