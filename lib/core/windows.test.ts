import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recipientSummary, routeNotification } from "./routing";
import { localClock } from "./schedule";
import { defaultEmailSettings, type MaintenanceWindow, parseEmailSettings } from "./settings";
import { diffSettings } from "./settings-diff";
import { timingWords } from "./timing";
import { activeHold, nextOccurrence, occurrenceAt, windowSchedule } from "./windows";

const at = (iso: string) => Date.parse(iso);

function window(changes: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return {
    id: "w1",
    organizationId: "acme",
    start: "2026-12-02T14:00",
    end: "2026-12-02T18:00",
    weekly: false,
    reason: "Server upgrade",
    endedEarly: null,
    ...changes,
  };
}

function settingsWith(...windows: MaintenanceWindow[]) {
  const settings = defaultEmailSettings(["soc@msp.example"]);
  settings.timeZone = "Europe/Berlin";
  settings.maintenanceWindows = windows;
  return settings;
}

describe("maintenance window occurrences", () => {
  it("is on from its local start to its local end, not after", () => {
    const w = window();
    expect(occurrenceAt(w, "Europe/Berlin", at("2026-12-02T12:59:00Z"))).toBeNull();
    expect(occurrenceAt(w, "Europe/Berlin", at("2026-12-02T13:00:00Z"))).toEqual({
      start: at("2026-12-02T13:00:00Z"),
      end: at("2026-12-02T17:00:00Z"),
    });
    expect(occurrenceAt(w, "Europe/Berlin", at("2026-12-02T17:00:00Z"))).toBeNull();
  });

  it("repeats weekly at the same local times across a DST change", () => {
    // Saturday night 22:00 to Sunday 02:00, Berlin; clocks go back on Sunday 25 October.
    const w = window({ start: "2026-10-17T22:00", end: "2026-10-18T02:00", weekly: true });
    const before = occurrenceAt(w, "Europe/Berlin", at("2026-10-17T21:00:00Z"));
    const after = nextOccurrence(w, "Europe/Berlin", at("2026-10-18T12:00:00Z"));
    expect(before?.start).toBe(at("2026-10-17T20:00:00Z"));
    expect(after?.start).toBe(at("2026-10-24T20:00:00Z"));
    // 02:00 happens twice that night (CEST, then CET): the window ends at the first.
    expect(after?.end).toBe(at("2026-10-25T00:00:00Z"));
    const later = nextOccurrence(w, "Europe/Berlin", at("2026-10-26T12:00:00Z"));
    expect(later?.start).toBe(at("2026-10-31T21:00:00Z"));
  });

  it("property: a weekly occurrence that holds now starts and ends at the window's local times", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at("2026-01-01T00:00:00Z"), max: at("2030-01-01T00:00:00Z") }),
        fc.constantFrom("Europe/Berlin", "America/New_York", "UTC", "Australia/Sydney"),
        (now, tz) => {
          const w = window({ start: "2025-12-06T22:00", end: "2025-12-07T10:00", weekly: true });
          const on = occurrenceAt(w, tz, now);
          const next = nextOccurrence(w, tz, now);
          expect(next).not.toBeNull();
          if (!next) return;
          expect(next.start).toBeGreaterThan(now);
          expect(next.start - now).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
          expect(localClock(next.start, tz)).toBe("22:00");
          if (on) {
            expect(on.start <= now && now < on.end).toBe(true);
            expect(localClock(on.end, tz)).toBe("10:00");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("ends early when an admin ended that occurrence", () => {
    const w = window({
      endedEarly: { occurrence: at("2026-12-02T13:00:00Z"), at: at("2026-12-02T15:00:00Z") },
    });
    expect(occurrenceAt(w, "Europe/Berlin", at("2026-12-02T14:59:00Z"))).not.toBeNull();
    expect(occurrenceAt(w, "Europe/Berlin", at("2026-12-02T15:00:00Z"))).toBeNull();
  });
});

describe("maintenance windows in routing", () => {
  const during = at("2026-12-02T14:00:00Z");

  it("holds an organization's non-critical notifications until the window ends", () => {
    const settings = settingsWith(window());
    const route = (severity: "critical" | "high", organizationId: string) =>
      routeNotification(settings, {
        type: "incident",
        status: "open",
        severity,
        organizationId,
        organizationName: "Acme",
        now: during,
      });
    const held = route("high", "acme");
    if (held.suppressed) throw new Error("routed");
    expect(held.timing).toMatchObject({ mode: "digest", schedule: "window", at: "18:00" });
    expect(timingWords(held.timing)).toBe("held by a maintenance window until 18:00");
    expect(held.timing.why).toBe(
      "Maintenance window for Acme until 18:00 (Europe/Berlin): Server upgrade",
    );
    const critical = route("critical", "acme");
    expect(!critical.suppressed && critical.timing.mode).toBe("immediate");
    const other = route("high", "globex");
    expect(!other.suppressed && other.timing.mode).toBe("immediate");
  });

  it("says so in the Who receives what summary, in a block of the organization's own", () => {
    const summary = recipientSummary(settingsWith(window()), { acme: "Acme" }, during);
    const acme = summary.organizations.find((org) => org.organizationId === "acme");
    const notices = acme?.rows.find((row) => row.type === "account_notice");
    expect(notices?.cases.map((one) => one.when)).toEqual([
      "Immediately (critical)",
      "Held by a maintenance window until 18:00 (Europe/Berlin)",
    ]);
  });

  it("a window for every organization holds them all; the one ending last wins", () => {
    const settings = settingsWith(
      window(),
      window({ id: "w2", organizationId: null, end: "2026-12-02T20:00" }),
    );
    expect(activeHold(settings, "acme", during)?.end).toBe(at("2026-12-02T19:00:00Z"));
    expect(activeHold(settings, null, during)?.window.id).toBe("w2");
  });

  it("lists active, just ended and upcoming windows, soonest first, and leaves out past ones", () => {
    const settings = settingsWith(
      window({ id: "later", start: "2026-12-05T08:00", end: "2026-12-05T09:00" }),
      window({ id: "now" }),
      window({ id: "past", start: "2026-12-01T08:00", end: "2026-12-01T09:00" }),
    );
    expect(windowSchedule(settings, during).map((w) => [w.window.id, w.state])).toEqual([
      ["now", "active"],
      ["later", "upcoming"],
    ]);
    const ended = settingsWith(
      window({ endedEarly: { occurrence: at("2026-12-02T13:00:00Z"), at: during - 60_000 } }),
    );
    expect(windowSchedule(ended, during).map((w) => [w.state, w.end])).toEqual([
      ["ended", during - 60_000],
    ]);
  });
});

describe("maintenance window settings", () => {
  it("records windows added, changed, ended early and removed in the history", () => {
    const before = settingsWith(window());
    const after = settingsWith(
      window({
        weekly: true,
        endedEarly: { occurrence: at("2026-12-02T13:00:00Z"), at: at("2026-12-02T15:00:00Z") },
      }),
      window({ id: "w2", organizationId: null, reason: "Office move" }),
    );
    const names = { acme: "Acme" };
    expect(diffSettings(before, after, names)).toEqual([
      {
        field: "Maintenance window for Acme",
        from: "2026-12-02 14:00 to 18:00: Server upgrade",
        to: "2026-12-02 14:00 to 18:00, weekly: Server upgrade",
      },
      { field: "Maintenance window for Acme", from: "on", to: "ended early" },
      {
        field: "Maintenance window for every organization",
        from: "added",
        to: "2026-12-02 14:00 to 18:00: Office move",
      },
    ]);
    expect(diffSettings(after, settingsWith(), names).map((c) => c.to)).toEqual([
      "removed",
      "removed",
    ]);
  });

  it("names a window that ends before it starts, a weekly one over 7 days and a missing reason", () => {
    const input = settingsWith(
      window({ end: "2026-12-02T13:00" }),
      window({ id: "w2", end: "2026-12-10T18:00", weekly: true, reason: " " }),
    );
    const result = parseEmailSettings(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      "maintenanceWindows.0.end": ["The window must end after it starts"],
      "maintenanceWindows.1.end": ["A weekly window lasts at most 7 days"],
      "maintenanceWindows.1.reason": ["Say why, for the delivery log"],
    });
  });
});
