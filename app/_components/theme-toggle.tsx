"use client";

import { useState } from "react";
import { THEME_COOKIE, type Theme, themeOf } from "./theme";
import { Button } from "./ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "./ui/dropdown-menu";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };
const ICONS: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };
const YEAR_SECONDS = 60 * 60 * 24 * 365;

/** The colour scheme menu in the top bar: applied at once, remembered for a year. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const choose = (value: string) => {
    const next = themeOf(value);
    setTheme(next);
    document.documentElement.dataset.theme = next;
    // biome-ignore lint/suspicious/noDocumentCookie: one first-party preference cookie; the Cookie Store API is not in every browser the portal supports
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=${YEAR_SECONDS}; samesite=lax`;
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="quiet" size="icon" aria-label={`Colour scheme: ${LABELS[theme]}`}>
          <span aria-hidden="true" className="text-lg leading-none">
            {ICONS[theme]}
          </span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent label="Colour scheme" align="end" className="min-w-40">
        <DropdownMenuRadioGroup value={theme} onValueChange={choose}>
          {(Object.keys(LABELS) as Theme[]).map((value) => (
            <DropdownMenuRadioItem key={value} value={value}>
              {LABELS[value]}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
