"use client";

import Link from "next/link";
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";

export type MenuItem = { label: string; href: string; disabled?: boolean; hint?: string };

/**
 * A button that opens a menu of links, operable by keyboard as the WAI-ARIA menu button
 * pattern describes: Enter, Space or ArrowDown open it on the first item, arrows move,
 * Home/End jump, Escape closes and gives focus back to the button.
 */
export function MenuButton({
  label,
  children,
  items,
  align = "start",
}: {
  label: string;
  children: ReactNode;
  items: MenuItem[];
  align?: "start" | "end";
}) {
  const [open, setOpen] = useState(false);
  const [focusIndex, setFocusIndex] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLElement | null)[]>([]);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (open) itemRefs.current[focusIndex]?.focus();
  }, [open, focusIndex]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const openAt = (index: number) => {
    setFocusIndex((index + items.length) % items.length);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openAt(0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openAt(items.length - 1);
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: focusIndex + 1,
      ArrowUp: focusIndex - 1,
      Home: 0,
      End: items.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      openAt(target);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  };

  return (
    <div className="menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-icon"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKeyDown}
      >
        {children}
      </button>
      {open ? (
        <div
          id={menuId}
          role="menu"
          aria-label={label}
          className={`menu-list menu-${align}`}
          onKeyDown={onMenuKeyDown}
          tabIndex={-1}
        >
          {items.map((item, index) =>
            item.disabled ? (
              <span
                key={item.label}
                role="menuitem"
                aria-disabled="true"
                tabIndex={-1}
                ref={(el) => {
                  itemRefs.current[index] = el;
                }}
                className="menu-item menu-item-disabled"
              >
                {item.label}
                {item.hint ? <small>{item.hint}</small> : null}
              </span>
            ) : (
              <Link
                key={item.label}
                href={item.href}
                role="menuitem"
                tabIndex={-1}
                ref={(el) => {
                  itemRefs.current[index] = el;
                }}
                className="menu-item"
                onClick={() => setOpen(false)}
              >
                {item.label}
                {item.hint ? <small>{item.hint}</small> : null}
              </Link>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}
