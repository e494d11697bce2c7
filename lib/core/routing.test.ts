import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailSettings, notificationType, ORG_IDS, severity } from "@/lib/testing/arbitraries";
import { type EventStatus, NOTIFICATION_TYPES, SEVERITIES, SEVERITY_REQUIRED } from "./events";
import {
  coversSeverity,
  matchingRules,
  type RouteInput,
  type RouteResult,
  recipientSummary,
  routeNotification as routeExactly,
} from "./routing";
import { defaultEmailSettings, type EmailSettings } from "./settings";

const status = fc.constantFrom<EventStatus>("open", "resolved");
const organizationId = fc.constantFrom<string | null>(null, ...ORG_IDS, "org_without_rules");
const input = fc.record({ type: notificationType, status, severity, organizationId });

/** The examples read as the events they stand for; an unstated severity is "high". */
function routeNotification(
  settings: EmailSettings,
  input: Omit<RouteInput, "severity"> & Partial<RouteInput>,
) {
  return routeExactly(settings, { severity: "high", ...input });
}

function recipients(result: RouteResult): string[] {
  if (result.suppressed) throw new Error(`unexpectedly suppressed: ${result.reason}`);
  return result.recipients;
}
const lower = (list: string[]) => list.map((address) => address.toLowerCase());

function sample(): EmailSettings {
  const settings = defaultEmailSettings(["soc@msp.example", "noc@msp.example"]);
  settings.types.incident = {
    ...settings.types.incident,
    override: true,
    addresses: ["ir@msp.example"],
    resolved: true,
  };
  settings.types.account_notice.resolved = false;
  settings.organizationRules = [
    {
      id: "r1",
      organizationId: "acme",
      types: ["incident"],
      addresses: ["it@acme.example"],
      mode: "replace",
    },
    {
      id: "r2",
      organizationId: "acme",
      types: ["incident", "escalation"],
      addresses: ["boss@acme.example"],
      mode: "add",
    },
    {
      id: "r3",
      organizationId: "dental",
      types: ["incident"],
      addresses: ["Dr@Dental.example", "dr@dental.example"],
      mode: "add",
    },
  ];
  return settings;
}

const IMMEDIATE = { mode: "immediate", why: "Sent immediately" } as const;

describe("routeNotification (examples)", () => {
  const settings = sample();

  it("sends to the defaults when nothing else applies", () => {
    expect(
      routeNotification(settings, { type: "escalation", status: "open", organizationId: null }),
    ).toEqual({
      suppressed: false,
      timing: IMMEDIATE,
      recipients: ["soc@msp.example", "noc@msp.example"],
      reason: "Default Notification Emails",
    });
  });

  it("uses a type override instead of the defaults", () => {
    expect(
      routeNotification(settings, { type: "incident", status: "open", organizationId: "other" }),
    ).toEqual({
      suppressed: false,
      timing: IMMEDIATE,
      recipients: ["ir@msp.example"],
      reason: "Override for Incidents",
    });
  });

  it("replace rules win over the override, add rules append", () => {
    expect(
      routeNotification(settings, {
        type: "incident",
        status: "open",
        organizationId: "acme",
        organizationName: "Acme Dental",
      }),
    ).toEqual({
      suppressed: false,
      timing: IMMEDIATE,
      recipients: ["it@acme.example", "boss@acme.example"],
      reason:
        "Organization rule for Acme Dental (instead of account recipients), plus organization rule in addition",
    });
  });

  it("an add rule alone keeps the account recipients first, de-duplicated and lower-cased", () => {
    expect(
      routeNotification(settings, {
        type: "incident",
        status: "resolved",
        organizationId: "dental",
        organizationName: "Dental",
      }),
    ).toEqual({
      suppressed: false,
      timing: IMMEDIATE,
      recipients: ["ir@msp.example", "dr@dental.example"],
      reason: "Override for Incidents, plus organization rule for Dental (in addition)",
    });
  });

  it("suppresses resolved follow-ups whose switch is off, with the reason", () => {
    expect(
      routeNotification(settings, {
        type: "account_notice",
        status: "resolved",
        organizationId: "acme",
      }),
    ).toEqual({
      suppressed: true,
      reason: "Resolved Account Notice notifications are switched off",
    });
    expect(
      routeNotification(settings, {
        type: "account_notice",
        status: "open",
        organizationId: "acme",
      }).suppressed,
    ).toBe(false);
  });

  it("suppresses rather than sending nowhere when no address is configured", () => {
    const result = routeNotification(defaultEmailSettings([]), {
      type: "incident",
      status: "open",
      organizationId: null,
    });
    expect(result).toEqual({
      suppressed: true,
      reason: "No recipients: Default Notification Emails is empty",
    });
  });

  it("unions several replace rules for one organization", () => {
    const two = sample();
    two.organizationRules.push({
      id: "r4",
      organizationId: "acme",
      types: ["incident"],
      addresses: ["cto@acme.example"],
      mode: "replace",
    });
    const result = routeNotification(two, {
      type: "incident",
      status: "open",
      organizationId: "acme",
      organizationName: "Acme",
    });
    expect(result).toEqual({
      suppressed: false,
      timing: IMMEDIATE,
      recipients: ["it@acme.example", "cto@acme.example", "boss@acme.example"],
      reason:
        "2 organization rules for Acme (instead of account recipients), plus organization rule in addition",
    });
  });
});

describe("routeNotification (severity limits)", () => {
  const onCall = (): EmailSettings => {
    const settings = sample();
    settings.organizationRules.push({
      id: "oncall",
      organizationId: "dental",
      types: ["incident", "platform_action"],
      addresses: ["oncall@msp.example"],
      mode: "add",
      severities: ["critical"],
    });
    return settings;
  };

  it("pages the on-call address in addition for critical alerts only", () => {
    const settings = onCall();
    const at = (severity: RouteInput["severity"]) =>
      routeExactly(settings, {
        type: "incident",
        status: "open",
        severity,
        organizationId: "dental",
        organizationName: "Dental",
      });
    expect(at("critical")).toEqual({
      suppressed: false,
      recipients: ["ir@msp.example", "dr@dental.example", "oncall@msp.example"],
      reason: "Override for Incidents, plus 2 organization rules for Dental (in addition)",
      timing: IMMEDIATE,
    });
    expect(at("high")).toMatchObject({ recipients: ["ir@msp.example", "dr@dental.example"] });
  });

  it("a limited rule never covers an event without a severity; an unlimited one does", () => {
    const settings = onCall();
    const noSeverity = {
      type: "platform_action" as const,
      status: "open" as const,
      severity: null,
      organizationId: "dental",
    };
    expect(routeExactly(settings, noSeverity)).toMatchObject({
      recipients: ["soc@msp.example", "noc@msp.example"],
    });
    settings.organizationRules.at(-1)!.severities = ["critical", "high", "low"];
    expect(routeExactly(settings, noSeverity)).toMatchObject({
      recipients: ["soc@msp.example", "noc@msp.example", "oncall@msp.example"],
    });
  });

  it("an override limited to some severities leaves the others on the defaults", () => {
    const settings = sample();
    settings.types.incident.severities = ["critical", "high"];
    const low = routeExactly(settings, {
      type: "incident",
      status: "open",
      severity: "low",
      organizationId: null,
    });
    expect(low).toEqual({
      suppressed: false,
      recipients: ["soc@msp.example", "noc@msp.example"],
      reason: "Default Notification Emails",
      timing: IMMEDIATE,
    });
    expect(
      routeExactly(settings, {
        type: "incident",
        status: "open",
        severity: "critical",
        organizationId: null,
      }),
    ).toMatchObject({ reason: "Override for Incidents (critical and high only)" });
  });
});

describe("routeNotification (properties)", () => {
  it("is never empty when not suppressed, with unique lower-case recipients", () => {
    fc.assert(
      fc.property(emailSettings, input, (settings, route) => {
        const result = routeNotification(settings, route);
        if (result.suppressed) {
          expect(route.status).toBe("resolved");
          return;
        }
        expect(result.recipients.length).toBeGreaterThan(0);
        expect(new Set(result.recipients).size).toBe(result.recipients.length);
        expect(result.recipients).toEqual(lower(result.recipients));
        expect(result.reason.length).toBeGreaterThan(0);
      }),
    );
  });

  it("suppresses exactly the resolved events of types whose switch is off", () => {
    fc.assert(
      fc.property(emailSettings, input, (settings, route) => {
        const suppressed = routeNotification(settings, route).suppressed;
        expect(suppressed).toBe(
          route.status === "resolved" && !settings.types[route.type].resolved,
        );
      }),
    );
  });

  it("without matching rules, sends to the override when on, else the defaults", () => {
    fc.assert(
      fc.property(emailSettings, notificationType, (settings, type) => {
        const own = settings.types[type];
        const covered = own.override && coversSeverity(own.severities, "high");
        const expected = covered ? own.addresses : settings.defaults;
        const result = routeNotification(settings, { type, status: "open", organizationId: null });
        expect(recipients(result)).toEqual([...new Set(lower(expected))]);
      }),
    );
  });

  it("an override only affects its own type", () => {
    fc.assert(
      fc.property(emailSettings, notificationType, input, (settings, changed, route) => {
        fc.pre(route.type !== changed);
        const flipped: EmailSettings = structuredClone(settings);
        flipped.types[changed] = {
          ...flipped.types[changed],
          override: !flipped.types[changed].override,
          addresses: ["someone-else@elsewhere.example"],
        };
        expect(routeNotification(flipped, route)).toEqual(routeNotification(settings, route));
      }),
    );
  });

  it("a matching replace rule excludes the account recipients not named by a rule", () => {
    fc.assert(
      fc.property(
        emailSettings,
        notificationType,
        fc.constantFrom(...ORG_IDS),
        (settings, type, org) => {
          const rules = matchingRules(settings, { type, severity: "high", organizationId: org });
          fc.pre(rules.some((rule) => rule.mode === "replace"));
          const result = recipients(
            routeNotification(settings, { type, status: "open", organizationId: org }),
          );
          const fromRules = new Set(lower(rules.flatMap((rule) => rule.addresses)));
          expect(new Set(result)).toEqual(fromRules);
        },
      ),
    );
  });

  it("add rules give a superset of what applies without them", () => {
    fc.assert(
      fc.property(emailSettings, input, (settings, route) => {
        const withoutAdds: EmailSettings = {
          ...settings,
          organizationRules: settings.organizationRules.filter((rule) => rule.mode !== "add"),
        };
        const full = routeNotification(settings, route);
        const base = routeNotification(withoutAdds, route);
        if (full.suppressed || base.suppressed) {
          expect(full.suppressed).toBe(base.suppressed);
          return;
        }
        expect(full.recipients).toEqual(expect.arrayContaining(base.recipients));
        for (const rule of matchingRules(settings, route)) {
          expect(full.recipients).toEqual(expect.arrayContaining(lower(rule.addresses)));
        }
      }),
    );
  });

  it("rules of other organizations and other types change nothing", () => {
    fc.assert(
      fc.property(emailSettings, input, (settings, route) => {
        const onlyMatching: EmailSettings = {
          ...settings,
          organizationRules: matchingRules(settings, route),
        };
        expect(routeNotification(onlyMatching, route)).toEqual(routeNotification(settings, route));
      }),
    );
  });

  it("the recipient set does not depend on rule order", () => {
    fc.assert(
      fc.property(emailSettings, input, (settings, route) => {
        const reversed = {
          ...settings,
          organizationRules: [...settings.organizationRules].reverse(),
        };
        const a = routeNotification(settings, route);
        const b = routeNotification(reversed, route);
        expect(a.suppressed).toBe(b.suppressed);
        if (!a.suppressed && !b.suppressed)
          expect(new Set(a.recipients)).toEqual(new Set(b.recipients));
      }),
    );
  });
});

describe("recipientSummary", () => {
  it("is computed by routeNotification for every type, severity and ruled organization", () => {
    fc.assert(
      fc.property(emailSettings, (settings) => {
        const names = new Map(ORG_IDS.map((id) => [id, `Name of ${id}`]));
        const summary = recipientSummary(settings, names);
        expect(summary.account.map((row) => row.type)).toEqual([...NOTIFICATION_TYPES]);
        const ruled = [...new Set(settings.organizationRules.map((rule) => rule.organizationId))];
        expect(summary.organizations.map((org) => org.organizationId)).toEqual(ruled);
        const blocks = [
          { organizationId: null, organizationName: undefined, rows: summary.account },
          ...summary.organizations,
        ];
        for (const block of blocks) {
          for (const row of block.rows) {
            const severities = SEVERITY_REQUIRED[row.type]
              ? [...SEVERITIES]
              : [...SEVERITIES, null];
            const covered = row.cases.flatMap((one) => one.severities ?? severities);
            expect(covered.sort()).toEqual([...severities].sort());
            for (const one of row.cases) {
              for (const severity of one.severities ?? severities) {
                const input = { type: row.type, severity, ...block };
                expect(one.open).toEqual(routeExactly(settings, { ...input, status: "open" }));
                expect(one.resolved).toEqual(
                  routeExactly(settings, { ...input, status: "resolved" }),
                );
              }
            }
          }
        }
      }),
    );
  });

  it("splits a type by severity only where the severity changes the outcome", () => {
    const settings = sample();
    settings.types.escalation = {
      ...settings.types.escalation,
      override: true,
      addresses: ["oncall@msp.example"],
      resolved: true,
      updates: true,
      reminders: { enabled: true, everyHours: 4, times: 3 },
      severities: ["critical"],
    };
    const summary = recipientSummary(settings, { acme: "Acme", dental: "Dental" });
    const escalations = summary.account.find((row) => row.type === "escalation")!;
    expect(escalations.cases.map((one) => one.severities)).toEqual([["critical"], ["high", "low"]]);
    expect(escalations.cases[0]!.open).toMatchObject({
      recipients: ["oncall@msp.example"],
      reason: "Override for Escalations (critical only)",
    });
    const incidents = summary.account.find((row) => row.type === "incident")!;
    expect(incidents.cases.map((one) => one.severities)).toEqual([null]);
  });

  it("names organizations it does not know as such", () => {
    const settings = sample();
    const summary = recipientSummary(settings, { acme: "Acme Dental" });
    expect(summary.organizations.map((org) => org.organizationName)).toEqual([
      "Acme Dental",
      "Unknown organization",
    ]);
  });
});
