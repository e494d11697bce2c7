import { CARD_CLASSES } from "@/app/_components/ui/card";
import { clock } from "@/lib/core/clock";
import { localClock, localTime } from "@/lib/core/schedule";
import type { EmailSettings } from "@/lib/core/settings";
import { windowSchedule } from "@/lib/core/windows";
import type { OrganizationOption } from "../data";
import { EndWindowButton } from "./end-window-button";

/** "2 Dec 18:00": a moment in the account's time zone, as the windows were entered. */
function localWhen(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  const months = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ];
  return `${t.day} ${months[t.month - 1]} ${t.year}, ${localClock(ms, timeZone)}`;
}

const STATE_WORDS = { active: "Active", ended: "Ended early", upcoming: "Upcoming" } as const;

/** The windows that are on now or still to come, with End now on the active ones (admins). */
export function MaintenanceWindowsPanel({
  settings,
  organizations,
  isAdmin,
}: {
  settings: EmailSettings;
  organizations: OrganizationOption[];
  isAdmin: boolean;
}) {
  const names = new Map(organizations.map((org) => [org.id, org.name]));
  const scheduled = windowSchedule(settings, clock.now());
  const tz = settings.timeZone;
  return (
    <section className={CARD_CLASSES} aria-labelledby="active-windows-heading">
      <h2 id="active-windows-heading">Active and upcoming maintenance windows</h2>
      {scheduled.length === 0 ? (
        <p className="text-muted-fg">No maintenance window is on or planned.</p>
      ) : (
        <ul className="m-0 flex list-none flex-col gap-3 p-0" aria-label="Maintenance windows">
          {scheduled.map(({ window, state, start, end }) => {
            const who =
              window.organizationId === null
                ? "Every organization"
                : (names.get(window.organizationId) ?? "Unknown organization");
            return (
              <li key={window.id} className="border-t border-line pt-2">
                <p className="m-0">
                  <strong>{STATE_WORDS[state]}</strong>: {who}, {localWhen(start, tz)} to{" "}
                  {localWhen(end, tz)} ({tz}){window.weekly ? ", weekly" : ""}
                </p>
                <p className="m-0 text-sm text-muted-fg">{window.reason}</p>
                {/* Kept after End now, so its answer stays to be read. */}
                {state !== "upcoming" && isAdmin ? (
                  <EndWindowButton
                    windowId={window.id}
                    label={`the window for ${who}`}
                    active={state === "active"}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
