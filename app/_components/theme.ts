/**
 * The colour scheme a person chose: "system" (the default) follows the device; "light" or
 * "dark" stay whatever the device says. Kept in a cookie rather than localStorage so the
 * server renders <html data-theme> with the first byte: no flash, and no inline script for
 * the CSP to allow.
 */
export const THEME_COOKIE = "beacon-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export function themeOf(value: string | undefined): Theme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}
