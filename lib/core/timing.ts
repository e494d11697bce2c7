import type { NotificationType, Severity } from "./events";
import { NOTIFICATION_TYPE_PLURALS } from "./events";
import { DIGEST_TIME, isTimeZone, localClock, nextDaily, nextHourly } from "./schedule";
import { DEFAULT_DIGEST_AT, DEFAULT_TIME_ZONE, type EmailSettings } from "./settings";
import { activeHold } from "./windows";

/*
 * When a routed notification goes out: at once, or held for its type's digest. Part of what
 * `routeNotification` answers, so the intake, the previews' dry run and the "Who receives
 * what" summary all say the same. A maintenance window on the organization holds it until
 * the window ends, whatever the type's setting. Critical notifications never wait.
 */

export type DeliveryTiming =
  | { mode: "immediate"; why: string }
  | {
      mode: "digest";
      /** A type's digest, or a maintenance window that holds the organization's notifications. */
      schedule: "hourly" | "daily" | "window";
      /** The digest slot the notification waits for (epoch ms): the next digest, or the window's end. */
      dueAt: number;
      /** "09:00": the slot's local time in the account's time zone. */
      at: string;
      why: string;
    };

export function deliveryTiming(
  settings: EmailSettings,
  input: {
    type: NotificationType;
    severity: Severity | null | undefined;
    organizationId: string | null;
    organizationName?: string;
  },
  now: number,
): DeliveryTiming {
  const own = settings.types[input.type];
  // Saved settings always hold a valid zone and time (the schema refuses others); the form's
  // summary also routes settings still being typed, which must not break the page.
  const tz = isTimeZone(settings.timeZone) ? settings.timeZone : DEFAULT_TIME_ZONE;
  const hold = activeHold({ ...settings, timeZone: tz }, input.organizationId, now);
  if (own.delivery === "immediate" && !hold) return { mode: "immediate", why: "Sent immediately" };
  if (input.severity === "critical") {
    return {
      mode: "immediate",
      why: "Critical: always sent immediately, never held for a digest or a maintenance window",
    };
  }
  if (hold) {
    const at = localClock(hold.end, tz);
    const who =
      hold.window.organizationId === null
        ? "every organization"
        : (input.organizationName ?? "this organization");
    return {
      mode: "digest",
      schedule: "window",
      dueAt: hold.end,
      at,
      why: `Maintenance window for ${who} until ${at} (${tz}): ${hold.window.reason}`,
    };
  }
  const schedule = own.delivery === "hourly" ? "hourly" : "daily";
  const digestAt = DIGEST_TIME.test(own.digestAt) ? own.digestAt : DEFAULT_DIGEST_AT;
  const dueAt = schedule === "hourly" ? nextHourly(now, tz) : nextDaily(now, digestAt, tz);
  const at = localClock(dueAt, tz);
  const plural = NOTIFICATION_TYPE_PLURALS[input.type];
  return {
    mode: "digest",
    schedule,
    dueAt,
    at,
    why:
      schedule === "hourly"
        ? `${plural} go out in an hourly digest`
        : `${plural} go out in a daily digest at ${own.digestAt} (${tz})`,
  };
}

/** "immediately", "held for the 09:00 digest" or "held by a maintenance window until 18:00". */
export function timingWords(timing: DeliveryTiming): string {
  if (timing.mode === "immediate") return "immediately";
  return `held ${holdWords(timing)}`;
}

/** What a held notification waits for, as the log says it after "held": "for the 09:00 digest". */
export function holdWords(timing: Extract<DeliveryTiming, { mode: "digest" }>): string {
  return timing.schedule === "window" ? windowHoldWords(timing.at) : `for the ${timing.at} digest`;
}

/** What notifications held by a window ending at `at` ("18:00") wait for, in words. */
export function windowHoldWords(at: string): string {
  return `by a maintenance window until ${at}`;
}

/** The timing in the summary's words: "Immediately", "Hourly digest", "Daily digest at 09:00 (UTC)". */
export function timingSummary(timing: DeliveryTiming, timeZone: string): string {
  if (timing.mode === "immediate") {
    return timing.why.startsWith("Critical") ? "Immediately (critical)" : "Immediately";
  }
  if (timing.schedule === "window") {
    return `Held by a maintenance window until ${timing.at} (${timeZone})`;
  }
  return timing.schedule === "hourly"
    ? "Hourly digest"
    : `Daily digest at ${timing.at} (${timeZone})`;
}
