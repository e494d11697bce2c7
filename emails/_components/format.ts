import { formatWhen as formatDate } from "../../lib/core/dates";
import type { Severity } from "../../lib/core/events";
import { SEVERITY_WORDS } from "../../lib/core/subject";

/** "Thu, 26 Nov 2026, 14:03 UTC": the portal's format, with the day named for a reader of mail. */
export function formatWhen(iso: string): string {
  return formatDate(iso, { weekday: true });
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
