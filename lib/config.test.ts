import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, config, parseConfig, resetConfig } from "./config";

describe("configuration", () => {
  afterEach(() => {
    delete process.env.DISPATCH_MAX_ATTEMPTS;
    resetConfig();
  });

  it("works out of the box: every default with an empty environment", () => {
    const settings = parseConfig({});
    expect(settings).toMatchObject({
      DATABASE_PATH: "data/beacon.db",
      DEMO_SEED: true,
      EMAIL_FROM: "Beacon Alerts <alerts@beacon.localhost>",
      DISPATCHER: "process",
      RESEND_TIMEOUT_MS: 10_000,
      DISPATCH_LEASE_MS: 30_000,
      DISPATCH_RETRY_BASE_MS: 2_000,
      DISPATCH_RETRY_CAP_MS: 300_000,
      DISPATCH_MAX_ATTEMPTS: 8,
      DISPATCH_MAX_AGE_MS: 86_400_000,
    });
    expect(settings.RESEND_API_KEY).toBeUndefined();
    expect(settings.BETTER_AUTH_URL).toBeUndefined();
  });

  it("counts a variable set to nothing as unset", () => {
    expect(parseConfig({ EMAIL_FROM: "", DISPATCH_MAX_ATTEMPTS: " ", RESEND_API_KEY: "" })).toEqual(
      parseConfig({}),
    );
  });

  it("reads what is set, in its type", () => {
    const settings = parseConfig({
      DEMO_SEED: "0",
      DISPATCH_MAX_ATTEMPTS: "3",
      BETTER_AUTH_URL: "https://beacon.example.com",
    });
    expect(settings.DEMO_SEED).toBe(false);
    expect(settings.DISPATCH_MAX_ATTEMPTS).toBe(3);
    expect(settings.BETTER_AUTH_URL).toBe("https://beacon.example.com");
  });

  it.each([
    ["DISPATCH_MAX_ATTEMPTS", "many"],
    ["RESEND_TIMEOUT_MS", "-5"],
    ["DEMO_SEED", "maybe"],
    ["DISPATCHER", "sometimes"],
    ["BETTER_AUTH_URL", "not a url"],
    ["EMAIL_FROM", "Beacon <a@b.test>\r\nBcc: x@evil.test"],
  ])("stops with a message naming %s when it is bad", (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}: `));
  });

  it("names every bad variable at once", () => {
    const error = (() => {
      try {
        parseConfig({ DISPATCH_MAX_ATTEMPTS: "0", DATABASE_PATH: "data/x.db", DISPATCHER: "x" });
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error?.message).toMatch(/DISPATCH_MAX_ATTEMPTS/);
    expect(error?.message).toMatch(/DISPATCHER/);
    expect(error?.message).not.toMatch(/DATABASE_PATH/);
  });

  it("reads process.env once, and again after resetConfig()", () => {
    process.env.DISPATCH_MAX_ATTEMPTS = "4";
    resetConfig();
    expect(config().DISPATCH_MAX_ATTEMPTS).toBe(4);
    process.env.DISPATCH_MAX_ATTEMPTS = "5";
    expect(config().DISPATCH_MAX_ATTEMPTS).toBe(4);
    resetConfig();
    expect(config().DISPATCH_MAX_ATTEMPTS).toBe(5);
  });
});
