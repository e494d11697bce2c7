import { describe, expect, it } from "vitest";
import { recipientSummary, routeNotification } from "./routing";
import { defaultEmailSettings, parseEmailSettings } from "./settings";
import { diffSettings } from "./settings-diff";
import { timingWords } from "./timing";

const now = Date.parse("2026-12-02T13:46:00Z");

function digestSettings() {
  const settings = defaultEmailSettings(["soc@msp.example"]);
  settings.timeZone = "Europe/Berlin";
  settings.types.account_notice.delivery = "hourly";
  settings.types.escalation.delivery = "daily";
  settings.types.escalation.digestAt = "09:00";
  return settings;
}

describe("delivery timing in routeNotification", () => {
  it("holds an account notice for the next local hour's digest", () => {
    const route = routeNotification(digestSettings(), {
      type: "account_notice",
      status: "open",
      organizationId: null,
      severity: "low",
      now,
    });
    if (route.suppressed) throw new Error("routed");
    expect(route.timing).toMatchObject({ mode: "digest", schedule: "hourly", at: "15:00" });
    expect(route.timing.mode === "digest" && route.timing.dueAt).toBe(
      Date.parse("2026-12-02T14:00:00Z"),
    );
    expect(timingWords(route.timing)).toBe("held for the 15:00 digest");
  });

  it("holds a daily type until its local time tomorrow when today's has passed", () => {
    const route = routeNotification(digestSettings(), {
      type: "escalation",
      status: "open",
      organizationId: null,
      severity: "high",
      now,
    });
    if (route.suppressed || route.timing.mode !== "digest") throw new Error("held");
    expect(new Date(route.timing.dueAt).toISOString()).toBe("2026-12-03T08:00:00.000Z");
    expect(timingWords(route.timing)).toBe("held for the 09:00 digest");
  });

  it("sends critical notifications at once even when their type is digested", () => {
    const route = routeNotification(digestSettings(), {
      type: "escalation",
      status: "open",
      organizationId: null,
      severity: "critical",
      now,
    });
    if (route.suppressed) throw new Error("routed");
    expect(route.timing.mode).toBe("immediate");
    expect(timingWords(route.timing)).toBe("immediately");
  });

  it("says when each type goes in the Who receives what summary, critical on a row of its own", () => {
    const summary = recipientSummary(digestSettings(), {});
    const when = Object.fromEntries(
      summary.account.map((row) => [
        row.type,
        row.cases.map((one) => [one.severities?.join() ?? "all", one.when]),
      ]),
    );
    expect(when).toEqual({
      incident: [["all", "Immediately"]],
      escalation: [
        ["critical", "Immediately (critical)"],
        ["high,low", "Daily digest at 09:00 (Europe/Berlin)"],
      ],
      platform_action: [["all", "Immediately"]],
      account_notice: [
        ["critical", "Immediately (critical)"],
        ["high,low,", "Hourly digest"],
      ],
    });
  });
});

describe("settings still being typed", () => {
  it("route without throwing, as the form's summary needs", () => {
    const settings = digestSettings();
    settings.timeZone = "Europe/Ber";
    settings.types.escalation.digestAt = "";
    expect(() => recipientSummary(settings, {})).not.toThrow();
  });
});

describe("digest settings", () => {
  it("refuses an unknown time zone and a bad time of day, on their fields", () => {
    const input = digestSettings() as unknown as Record<string, unknown>;
    input.timeZone = "Europe/Atlantis";
    const types = input.types as Record<string, Record<string, unknown>>;
    types.escalation = { ...types.escalation, digestAt: "9am" };
    const result = parseEmailSettings(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["timeZone", "types.escalation.digestAt"]);
  });

  it("reads settings saved before digests as immediately, in UTC", () => {
    const old = defaultEmailSettings(["soc@msp.example"]) as unknown as Record<string, unknown>;
    delete old.timeZone;
    for (const own of Object.values(old.types as Record<string, Record<string, unknown>>)) {
      delete own.delivery;
      delete own.digestAt;
    }
    const result = parseEmailSettings(old);
    expect(result.ok && result.settings).toEqual(defaultEmailSettings(["soc@msp.example"]));
  });

  it("records the time zone and each type's delivery in the history", () => {
    const before = defaultEmailSettings(["soc@msp.example"]);
    expect(diffSettings(before, digestSettings())).toEqual([
      { field: "Time zone", from: "UTC", to: "Europe/Berlin" },
      { field: "Escalations: delivery", from: "immediately", to: "daily digest at 09:00" },
      { field: "Account Notices: delivery", from: "immediately", to: "hourly digest" },
    ]);
  });
});
