import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailSettings } from "@/lib/testing/arbitraries";
import {
  defaultEmailSettings,
  type EmailSettings,
  parseEmailSettings,
  readStoredSettings,
} from "./settings";

function valid(): EmailSettings {
  return defaultEmailSettings(["soc@msp.example"]);
}

function errorsOf(input: unknown) {
  const result = parseEmailSettings(input);
  if (result.ok) throw new Error("expected the settings to be refused");
  return result.errors;
}

describe("emailSettingsSchema", () => {
  it("accepts the defaults with one address and normalises lists", () => {
    const input = valid();
    input.defaults = [" SOC@MSP.example", "soc@msp.example", "noc@msp.example"];
    const result = parseEmailSettings(input);
    expect(result).toEqual({
      ok: true,
      settings: { ...valid(), defaults: ["soc@msp.example", "noc@msp.example"] },
    });
  });

  it("requires at least one default address, on the defaults field", () => {
    expect(errorsOf(defaultEmailSettings([]))).toEqual({
      defaults: ["Add at least one default notification email"],
    });
  });

  it("names each bad address under the list it belongs to", () => {
    const input = valid();
    input.defaults = ["ok@x.com", "bad", "Bob <b@x.com>"];
    input.types.escalation.addresses = ["a@b"];
    const errors = errorsOf(input);
    expect(errors.defaults).toHaveLength(2);
    expect(errors.defaults?.[0]).toContain('"bad"');
    expect(errors.defaults?.[1]).toContain('"bob <b@x.com>"');
    expect(errors["types.escalation.addresses"]?.[0]).toContain('"a@b"');
  });

  it("requires an address when an override is on, naming the type", () => {
    const input = valid();
    input.types.platform_action.override = true;
    expect(errorsOf(input)).toEqual({
      "types.platform_action.addresses": [
        "Add at least one address for Platform Actions, or uncheck Override Global Settings",
      ],
    });
  });

  it("keeps an override's addresses when it is switched off", () => {
    const input = valid();
    input.types.incident = {
      ...input.types.incident,
      override: false,
      addresses: ["keep@x.com"],
      resolved: false,
    };
    const result = parseEmailSettings(input);
    // Saved before severity limits existed: the override covers every severity.
    expect(result.ok && result.settings.types.incident).toEqual({
      ...input.types.incident,
      severities: ["critical", "high", "low"],
    });
  });

  it("asks for at least one severity when a limit names none, per field", () => {
    const input = valid() as unknown as { types: Record<string, Record<string, unknown>> } & {
      organizationRules: unknown[];
    };
    input.types.escalation!.severities = [];
    input.organizationRules = [
      {
        id: "r1",
        organizationId: "org_1",
        types: ["incident"],
        addresses: ["x@y.com"],
        mode: "add",
        severities: ["urgent"],
      },
    ];
    const result = parseEmailSettings(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors["types.escalation.severities"]).toEqual(["Choose at least one severity"]);
    expect(result.errors["organizationRules.0.severities"]).toEqual([
      '"urgent" is not a severity (critical, high, low)',
    ]);
  });

  it("validates every field of an organization rule with its own path", () => {
    const input = valid() as unknown as Record<string, unknown>;
    input.organizationRules = [
      {
        id: "r1",
        organizationId: "org_1",
        types: ["incident"],
        addresses: ["x@y.com"],
        mode: "add",
      },
      { id: "r2", organizationId: " ", types: [], addresses: [], mode: "sometimes" },
    ];
    expect(errorsOf(input)).toEqual({
      "organizationRules.1.organizationId": ["Choose an organization"],
      "organizationRules.1.types": ["Choose at least one notification type"],
      "organizationRules.1.addresses": ["Add at least one address"],
      "organizationRules.1.mode": ["Choose instead of or in addition to"],
    });
  });

  it("refuses duplicate rule ids and unknown types", () => {
    const rule = {
      id: "r1",
      organizationId: "o",
      types: ["incident"],
      addresses: ["a@x.com"],
      mode: "replace",
    };
    const input = { ...valid(), organizationRules: [rule, { ...rule, types: ["spam"] }] };
    const errors = errorsOf(input);
    expect(Object.keys(errors)).toEqual(["organizationRules.1.types.0"]);
    const dup = { ...valid(), organizationRules: [rule, rule] };
    expect(Object.keys(errorsOf(dup))).toEqual(["organizationRules.1.id"]);
  });

  it("refuses a body that is not settings at all, with paths", () => {
    expect(Object.keys(errorsOf({ defaults: "a@x.com" }))).toEqual(
      expect.arrayContaining(["defaults", "types", "organizationRules"]),
    );
  });

  it("round-trips every generated valid setting (parse is idempotent)", () => {
    fc.assert(
      fc.property(emailSettings, (settings) => {
        const first = parseEmailSettings(settings);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        expect(parseEmailSettings(JSON.parse(JSON.stringify(first.settings)))).toEqual(first);
      }),
    );
  });
});

describe("readStoredSettings", () => {
  it("returns valid settings as they are", () => {
    const settings = defaultEmailSettings(["soc@a.test"]);
    expect(readStoredSettings(settings)).toEqual(settings);
  });

  it("repairs what an older version stored, keeping only what passes today's rules", () => {
    const repaired = readStoredSettings({
      defaults: ["Good@A.test", "broken@@a.test", 7],
      types: {
        incident: {
          override: true,
          addresses: ["x@@y"],
          resolved: false,
          updates: true,
          reminders: { enabled: false, everyHours: 4, times: 3 },
        },
      },
      organizationRules: [
        {
          id: "r1",
          organizationId: "o1",
          types: ["incident"],
          addresses: ["ok@a.test", "bad"],
          mode: "add",
        },
        { id: "r2", organizationId: "o2", types: [], addresses: ["ok@a.test"], mode: "add" },
      ],
    });
    expect(repaired.defaults).toEqual(["good@a.test"]);
    // An override left with no valid address would route nowhere: it is off until fixed.
    expect(repaired.types.incident).toEqual({
      override: false,
      addresses: [],
      resolved: false,
      updates: true,
      reminders: { enabled: false, everyHours: 4, times: 3 },
      delivery: "immediate",
      digestAt: "09:00",
      severities: ["critical", "high", "low"],
    });
    expect(repaired.types.escalation).toEqual(defaultEmailSettings().types.escalation);
    expect(repaired.organizationRules.map((rule) => [rule.id, rule.addresses])).toEqual([
      ["r1", ["ok@a.test"]],
    ]);
  });

  it("reads garbage as the defaults", () => {
    expect(readStoredSettings("nonsense")).toEqual(defaultEmailSettings());
    expect(readStoredSettings(null)).toEqual(defaultEmailSettings());
  });
});
