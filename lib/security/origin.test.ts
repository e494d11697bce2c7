import { afterEach, describe, expect, it } from "vitest";
import { isHttps, isTrustedOrigin, isTrustedTarget, requestOrigin } from "./origin";

const h = (values: Record<string, string>) => new Headers(values);

describe("request origin and trusted origins", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
    delete process.env.BETTER_AUTH_URL;
    delete process.env.TRUSTED_ORIGINS;
  });

  it("is the request's own host over http, whatever X-Forwarded-Proto claims", () => {
    const headers = h({ host: "portal.test:3000", "x-forwarded-proto": "https" });
    expect(requestOrigin(headers)).toBe("http://portal.test:3000");
    expect(isHttps(headers)).toBe(false);
  });

  it("honours X-Forwarded-Proto and -Host from a configured proxy (TRUST_PROXY=1)", () => {
    process.env.TRUST_PROXY = "1";
    const headers = h({
      host: "127.0.0.1:3000",
      "x-forwarded-host": "beacon.example",
      "x-forwarded-proto": "https",
    });
    expect(requestOrigin(headers)).toBe("https://beacon.example");
    expect(isHttps(headers)).toBe(true);
  });

  it("trusts only the own origin, BETTER_AUTH_URL and TRUSTED_ORIGINS", () => {
    process.env.TRUSTED_ORIGINS = "https://admin.example, not a url";
    const headers = h({ host: "portal.test" });
    expect(isTrustedOrigin("http://portal.test", headers)).toBe(true);
    expect(isTrustedOrigin("https://admin.example", headers)).toBe(true);
    expect(isTrustedOrigin("https://evil.test", headers)).toBe(false);
    expect(isTrustedOrigin("null", headers)).toBe(false);
    expect(isTrustedOrigin(null, headers)).toBe(false);
  });

  it.each([
    ["/integrations", true],
    ["http://portal.test/x", true],
    ["https://evil.test/x", false],
    ["//evil.test/x", false],
    ["/\\evil.test", false],
    ["javascript:alert(1)", false],
  ])("callback %s is trusted: %s", (target, expected) => {
    expect(isTrustedTarget(target, h({ host: "portal.test" }))).toBe(expected);
  });
});
