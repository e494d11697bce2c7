import type { Severity } from "../../lib/core/events";
import { SEVERITY_WORDS } from "../../lib/core/subject";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * "Thu, 26 Nov 2026, 14:03 UTC": one unambiguous zone for every recipient. Written by hand
 * rather than with Intl, whose wording changes between ICU versions (", " or " at ").
 */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

export function severityWord(severity: Severity): string {
  return SEVERITY_WORDS[severity];
}

/** "host_isolated" -> "Host isolated"; the platform's action codes read as words. */
export function humanizeCode(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code;
}

/** Only https links are ever written into an email, whatever reaches the template. */
export function httpsHref(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === "https:" ? parsed.href : undefined;
}
