import { describe, expect, it } from "vitest";
import { duplicateWarnings, type PsaSettings, parsePsaSettings, planWithPsa } from "./psa";
import { routeNotification } from "./routing";
import { defaultEmailSettings } from "./settings";

const psa = (over: Partial<PsaSettings> = {}): PsaSettings => ({
  name: "PSA",
  method: "email",
  endpoint: "",
  ticketAddress: "tickets@psa.test",
  types: { incident: "as_well" },
  enabled: true,
  ...over,
});

function routed(defaults: string[], rules: { addresses: string[] }[] = []) {
  const settings = defaultEmailSettings(defaults);
  settings.organizationRules = rules.map((rule, index) => ({
    id: `r${index}`,
    organizationId: "org1",
    types: ["incident"],
    addresses: rule.addresses,
    mode: "add",
  }));
  const route = routeNotification(settings, {
    type: "incident",
    status: "open",
    severity: "high",
    organizationId: "org1",
  });
  if (route.suppressed) throw new Error("suppressed");
  return { settings, route };
}

describe("planWithPsa", () => {
  it("as well: the PSA and the recipients, never the ticket address twice whatever routed it", () => {
    const { route } = routed(
      ["soc@msp.test", "tickets@psa.test"],
      [{ addresses: ["TICKETS@psa.test", "it@acme.test"] }],
    );
    const plan = planWithPsa(route, psa(), "incident");
    expect(plan.psa).toEqual({ channel: "psa-email", recipient: "tickets@psa.test" });
    expect(plan.recipients).toEqual(["soc@msp.test", "it@acme.test"]);
  });

  it("only when the PSA fails: nobody emailed now", () => {
    const { route } = routed(["soc@msp.test"]);
    const plan = planWithPsa(route, psa({ types: { incident: "on_failure" } }), "incident");
    expect(plan.recipients).toEqual([]);
    expect(plan.reason).toContain("only if the PSA fails");
  });

  it("a type the PSA does not cover, or a disabled PSA, is email as before", () => {
    const { route } = routed(["soc@msp.test"]);
    expect(planWithPsa(route, psa(), "escalation").psa).toBeNull();
    expect(planWithPsa(route, psa({ enabled: false }), "incident")).toMatchObject({
      psa: null,
      recipients: ["soc@msp.test"],
    });
  });

  it("a webhook's recipient names the host only (a URL's query may hold a token)", () => {
    const { route } = routed(["soc@msp.test"]);
    const plan = planWithPsa(
      route,
      psa({ method: "webhook", endpoint: "https://psa.example.com/hook?token=s3cret" }),
      "incident",
    );
    expect(plan.psa).toEqual({ channel: "psa-webhook", recipient: "psa-webhook:psa.example.com" });
  });
});

describe("duplicateWarnings", () => {
  it("warns for the ticket address and for another address at its domain, per covered type", () => {
    const { settings } = routed(
      ["soc@msp.test", "help@psa.test"],
      [{ addresses: ["tickets@psa.test"] }],
    );
    const warnings = duplicateWarnings(psa(), (type) =>
      type === "incident"
        ? [...settings.defaults, ...settings.organizationRules.flatMap((r) => r.addresses)]
        : settings.defaults,
    );
    expect(warnings.map((w) => [w.type, w.address, w.match])).toEqual([
      ["incident", "help@psa.test", "domain"],
      ["incident", "tickets@psa.test", "address"],
    ]);
  });

  it("a domain match stops warning once the type is emailed only when the PSA fails", () => {
    const warnings = duplicateWarnings(psa({ types: { incident: "on_failure" } }), () => [
      "help@psa.test",
    ]);
    expect(warnings).toEqual([]);
  });
});

describe("psaSettingsSchema", () => {
  const input = {
    name: "PSA",
    method: "webhook",
    endpoint: "http://psa.example.com/x",
    ticketAddress: "",
    types: { incident: "on_failure" },
    enabled: true,
  };

  it("names each bad field", () => {
    const parsed = parsePsaSettings(
      { ...input, name: " ", endpoint: "http://psa.example.com/x", types: {} },
      { allowPrivate: false },
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["endpoint", "name", "types"]);
    expect(parsed.errors.endpoint?.[0]).toContain("https://");
  });

  it("allows plain http only with private targets allowed", () => {
    expect(parsePsaSettings(input, { allowPrivate: true }).ok).toBe(true);
  });

  it("requires a valid ticketing address for email-to-ticket", () => {
    const parsed = parsePsaSettings(
      { ...input, method: "email", ticketAddress: "not an address" },
      { allowPrivate: false },
    );
    expect(parsed.ok ? [] : Object.keys(parsed.errors)).toEqual(["ticketAddress"]);
  });
});
