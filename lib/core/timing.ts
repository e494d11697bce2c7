import type { NotificationType, Severity } from "./events";
import { NOTIFICATION_TYPE_PLURALS } from "./events";
import { DIGEST_TIME, isTimeZone, localClock, nextDaily, nextHourly } from "./schedule";
import { DEFAULT_DIGEST_AT, DEFAULT_TIME_ZONE, type EmailSettings } from "./settings";

/*
 * When a routed notification goes out: at once, or held for its type's digest. Part of what
 * `routeNotification` answers, so the intake, the previews' dry run and the "Who receives
 * what" summary all say the same. Critical notifications never wait for a digest.
 */

export type DeliveryTiming =
  | { mode: "immediate"; why: string }
  | {
      mode: "digest";
      schedule: "hourly" | "daily";
      /** The digest slot the notification waits for (epoch ms). */
      dueAt: number;
      /** "09:00": the slot's local time in the account's time zone. */
      at: string;
      why: string;
    };

export function deliveryTiming(
  settings: EmailSettings,
  type: NotificationType,
  severity: Severity | null | undefined,
  now: number,
): DeliveryTiming {
  const own = settings.types[type];
  if (own.delivery === "immediate") return { mode: "immediate", why: "Sent immediately" };
  if (severity === "critical") {
    return { mode: "immediate", why: "Critical: always sent immediately, never in a digest" };
  }
  // Saved settings always hold a valid zone and time (the schema refuses others); the form's
  // summary also routes settings still being typed, which must not break the page.
  const tz = isTimeZone(settings.timeZone) ? settings.timeZone : DEFAULT_TIME_ZONE;
  const digestAt = DIGEST_TIME.test(own.digestAt) ? own.digestAt : DEFAULT_DIGEST_AT;
  const dueAt = own.delivery === "hourly" ? nextHourly(now, tz) : nextDaily(now, digestAt, tz);
  const at = localClock(dueAt, tz);
  const plural = NOTIFICATION_TYPE_PLURALS[type];
  return {
    mode: "digest",
    schedule: own.delivery,
    dueAt,
    at,
    why:
      own.delivery === "hourly"
        ? `${plural} go out in an hourly digest`
        : `${plural} go out in a daily digest at ${own.digestAt} (${tz})`,
  };
}

/** "immediately" or "held for the 09:00 digest": what the log and the dry run say. */
export function timingWords(timing: DeliveryTiming): string {
  return timing.mode === "immediate" ? "immediately" : `held for the ${timing.at} digest`;
}

/** The timing in the summary's words: "Immediately", "Hourly digest", "Daily digest at 09:00 (UTC)". */
export function timingSummary(timing: DeliveryTiming, timeZone: string): string {
  if (timing.mode === "immediate")
    return timing.why.startsWith("Critical") ? "Immediately (critical)" : "Immediately";
  return timing.schedule === "hourly"
    ? "Hourly digest"
    : `Daily digest at ${timing.at} (${timeZone})`;
}
