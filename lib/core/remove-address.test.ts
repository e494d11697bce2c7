import { describe, expect, it } from "vitest";
import { removeAddress } from "./remove-address";
import { defaultEmailSettings, type EmailSettings } from "./settings";

const names = (id: string) => (id === "org-1" ? "Acme Dental" : id);

function settings(): EmailSettings {
  const s = defaultEmailSettings(["soc@msp.test", "Bad@Typo.test"]);
  s.types.incident = {
    ...s.types.incident,
    override: true,
    addresses: ["bad@typo.test", "ir@msp.test"],
    resolved: true,
    updates: true,
    reminders: { enabled: false, everyHours: 4, times: 3 },
  };
  // Switched off, but kept for later: cleaned too.
  s.types.escalation = {
    ...s.types.escalation,
    override: false,
    addresses: ["bad@typo.test"],
    resolved: true,
  };
  s.organizationRules = [
    {
      id: "r1",
      organizationId: "org-1",
      types: ["incident"],
      addresses: ["bad@typo.test", "acme@acme.test"],
      mode: "add",
    },
  ];
  return s;
}

describe("removeAddress", () => {
  it("takes the address out of every list, whatever its case, and keeps everything else", () => {
    const result = removeAddress(settings(), "bad@typo.test", names);
    expect(result.ok).toBe(true);
    if (!result.ok) throw new Error("unreachable");
    expect(result.removed).toBe(true);
    expect(result.settings.defaults).toEqual(["soc@msp.test"]);
    expect(result.settings.types.incident).toEqual({
      override: true,
      addresses: ["ir@msp.test"],
      resolved: true,
      updates: true,
      reminders: { enabled: false, everyHours: 4, times: 3 },
      delivery: "immediate",
      digestAt: "09:00",
      severities: ["critical", "high", "low"],
    });
    expect(result.settings.types.escalation.addresses).toEqual([]);
    expect(result.settings.organizationRules[0]?.addresses).toEqual(["acme@acme.test"]);
    expect(result.settings.organizationRules[0]?.mode).toBe("add");
  });

  it("refuses to leave an override or a rule routing to nobody, naming them", () => {
    const s = settings();
    s.types.incident.addresses = ["bad@typo.test"];
    s.organizationRules[0]!.addresses = ["bad@typo.test"];
    expect(removeAddress(s, "bad@typo.test", names)).toEqual({
      ok: false,
      message:
        "bad@typo.test is the only address of the Incidents override and the rule for Acme Dental: change them in the form above instead.",
    });
  });

  it("refuses to empty the Default Notification Emails", () => {
    const s = defaultEmailSettings(["only@msp.test"]);
    expect(removeAddress(s, "only@msp.test", names)).toEqual({
      ok: false,
      message:
        "only@msp.test is the only address of the Default Notification Emails: change it in the form above instead.",
    });
  });

  it("says when there was nothing to remove", () => {
    const result = removeAddress(settings(), "nobody@msp.test", names);
    expect(result).toMatchObject({ ok: true, removed: false });
  });
});
