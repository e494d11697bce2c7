"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;
export const DropdownMenuRadioGroup = Menu.RadioGroup;

const ITEM =
  "relative flex cursor-pointer select-none flex-col rounded-md px-2.5 py-1.5 text-fg no-underline outline-none " +
  "data-[highlighted]:bg-primary-soft data-[disabled]:cursor-not-allowed data-[disabled]:text-muted-fg";

/**
 * A menu opened from its trigger (the WAI-ARIA menu button: Enter, Space or ArrowDown open
 * it, arrows and typing move, Escape closes and gives focus back), in a portal so that no
 * table or card clips it.
 */
export function DropdownMenuContent({
  label,
  align = "start",
  children,
  className,
}: {
  /** Names the menu for screen readers, e.g. "Actions for Email Integration". */
  label: string;
  align?: "start" | "end";
  children: ReactNode;
  className?: string;
}) {
  return (
    <Menu.Portal>
      <Menu.Content
        aria-label={label}
        align={align}
        sideOffset={4}
        collisionPadding={8}
        className={cn(
          "z-50 min-w-56 max-w-[min(22rem,calc(100vw-1rem))] rounded-lg border border-line bg-surface p-1 shadow-lg",
          className,
        )}
      >
        {children}
      </Menu.Content>
    </Menu.Portal>
  );
}

/** A menu item that goes somewhere: a real link, so it can also be opened in a new tab. */
export function DropdownMenuLink({
  href,
  children,
  hint,
}: {
  href: string;
  children: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <Menu.Item asChild className={ITEM}>
      <Link href={href}>
        <span>{children}</span>
        {hint ? <small className="text-xs text-muted-fg">{hint}</small> : null}
      </Link>
    </Menu.Item>
  );
}

/** A menu item that does something here, or a disabled one saying why it can't. */
export function DropdownMenuItem({
  children,
  hint,
  disabled,
  onSelect,
}: {
  children: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
  onSelect?: (event: Event) => void;
}) {
  return (
    <Menu.Item className={ITEM} disabled={disabled} onSelect={onSelect}>
      <span>{children}</span>
      {hint ? <small className="text-xs text-muted-fg">{hint}</small> : null}
    </Menu.Item>
  );
}

/** One choice of a radio group in a menu (the theme: System, Light, Dark), ticked when chosen. */
export function DropdownMenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <Menu.RadioItem value={value} className={cn(ITEM, "flex-row items-center gap-2 pl-7")}>
      <Menu.ItemIndicator className="absolute left-2" aria-hidden="true">
        ✓
      </Menu.ItemIndicator>
      {children}
    </Menu.RadioItem>
  );
}

export function DropdownMenuLabel({ children }: { children: ReactNode }) {
  return (
    <Menu.Label className="px-2.5 py-1 text-xs font-semibold text-muted-fg">{children}</Menu.Label>
  );
}

export function DropdownMenuSeparator() {
  return <Menu.Separator className="my-1 h-px bg-line" />;
}
