import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailSettings } from "@/lib/testing/arbitraries";
import { defaultEmailSettings, type EmailSettings } from "./settings";
import { describeRule, diffSettings } from "./settings-diff";

const names = { acme: "Acme Dental", bakery: "Bakery" };

function base(): EmailSettings {
  const settings = defaultEmailSettings(["soc@msp.example"]);
  settings.organizationRules = [
    {
      id: "r1",
      organizationId: "acme",
      types: ["incident"],
      addresses: ["it@acme.example"],
      mode: "replace",
    },
  ];
  return settings;
}

describe("diffSettings", () => {
  it("reports nothing for identical settings, or a mere re-ordering", () => {
    const before = base();
    before.defaults = ["a@x.com", "b@x.com"];
    const after = structuredClone(before);
    after.defaults = ["b@x.com", "a@x.com"];
    expect(diffSettings(before, after, names)).toEqual([]);
  });

  it("words severity limits, and reads settings without one as every severity", () => {
    const before = base();
    const after = structuredClone(before);
    after.types.escalation.severities = ["critical"];
    after.organizationRules[0]!.severities = ["critical", "high"];
    expect(diffSettings(before, after, names)).toEqual([
      {
        field: "Escalations: override severities",
        from: "every severity",
        to: "critical only",
      },
      {
        field: "Organization rule for Acme Dental",
        from: "Incidents to it@acme.example (instead of account recipients)",
        to: "Incidents (critical and high only) to it@acme.example (instead of account recipients)",
      },
    ]);
    after.types.escalation.severities = ["critical", "high", "low"];
    delete after.organizationRules[0]!.severities;
    expect(diffSettings(before, after, names)).toEqual([]);
  });

  it("words the updates switch and reminders", () => {
    const before = base();
    const after = structuredClone(before);
    after.types.incident.updates = false;
    after.types.escalation.reminders = { enabled: true, everyHours: 1, times: 1 };
    after.types.account_notice.reminders.enabled = true;
    expect(diffSettings(before, after, names)).toEqual([
      { field: "Incidents: updates", from: "on", to: "off" },
      {
        field: "Escalations: reminders",
        from: "every 4 hours, at most 3 times",
        to: "every hour, once",
      },
      { field: "Account Notices: reminders", from: "off", to: "every 4 hours, at most 3 times" },
    ]);
  });

  it("describes list, override and resolved-switch changes in words", () => {
    const before = base();
    const after = structuredClone(before);
    after.defaults = ["soc@msp.example", "noc@msp.example"];
    after.types.incident = {
      ...after.types.incident,
      override: true,
      addresses: ["ir@msp.example"],
      resolved: false,
    };
    expect(diffSettings(before, after, names)).toEqual([
      {
        field: "Default Notification Emails",
        from: "soc@msp.example",
        to: "soc@msp.example, noc@msp.example",
      },
      { field: "Incidents: Override Global Settings", from: "off", to: "on" },
      { field: "Incidents: override addresses", from: "(none)", to: "ir@msp.example" },
      { field: "Incidents: resolved notifications", from: "on", to: "off" },
    ]);
  });

  it("reports added, changed and removed organization rules by organization name", () => {
    const before = base();
    const after = structuredClone(before);
    after.organizationRules = [
      {
        id: "r2",
        organizationId: "bakery",
        types: ["escalation", "incident"],
        addresses: ["b@bakery.example"],
        mode: "add",
      },
    ];
    expect(diffSettings(before, after, names)).toEqual([
      {
        field: "Organization rule for Acme Dental",
        from: "Incidents to it@acme.example (instead of account recipients)",
        to: "removed",
      },
      {
        field: "Organization rule for Bakery",
        from: "added",
        to: "Escalations, Incidents to b@bakery.example (in addition to account recipients)",
      },
    ]);
    const edited = structuredClone(before);
    edited.organizationRules[0]!.mode = "add";
    expect(diffSettings(before, edited, names)).toEqual([
      {
        field: "Organization rule for Acme Dental",
        from: "Incidents to it@acme.example (instead of account recipients)",
        to: "Incidents to it@acme.example (in addition to account recipients)",
      },
    ]);
  });

  it("says when a rule moved to another organization", () => {
    const before = base();
    const after = structuredClone(before);
    after.organizationRules[0]!.organizationId = "bakery";
    expect(diffSettings(before, after, names)).toEqual([
      {
        field: "Organization rule for Bakery",
        from: `Acme Dental: ${describeRule(before.organizationRules[0]!)}`,
        to: describeRule(after.organizationRules[0]!),
      },
    ]);
  });

  it("is empty exactly when nothing differs, and never reports from === to", () => {
    fc.assert(
      fc.property(emailSettings, emailSettings, (a, b) => {
        expect(diffSettings(a, a, names)).toEqual([]);
        for (const change of diffSettings(a, b, names)) {
          expect(change.from).not.toBe(change.to);
          expect(change.field.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
