"use client";

import type { ReactNode } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLink,
  DropdownMenuTrigger,
} from "./ui/dropdown-menu";

export type MenuItem = { label: string; href: string; disabled?: boolean; hint?: string };

/**
 * A button that opens a menu of links (the navigation, an Actions column, + Add), keyboard
 * operable as the WAI-ARIA menu button pattern describes. A disabled item stays in the menu
 * with its reason, so the person learns why rather than wondering where it went.
 */
export function MenuButton({
  label,
  children,
  items,
  align = "start",
  size = "icon",
  variant = "secondary",
  heading,
}: {
  label: string;
  children: ReactNode;
  items: MenuItem[];
  align?: "start" | "end";
  size?: ButtonSize;
  variant?: ButtonVariant;
  /** Text above the items (not an item), e.g. who is signed in where the top bar hides it. */
  heading?: ReactNode;
}) {
  return (
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button aria-label={label} size={size} variant={variant}>
          {children}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent label={label} align={align}>
        {heading}
        {items.map((item) =>
          item.disabled ? (
            <DropdownMenuItem key={item.label} disabled hint={item.hint}>
              {item.label}
            </DropdownMenuItem>
          ) : (
            <DropdownMenuLink key={item.label} href={item.href} hint={item.hint}>
              {item.label}
            </DropdownMenuLink>
          ),
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
