import { afterEach, describe, expect, it } from "vitest";
import { secureCookiesOverTls } from "./cookies";

function setCookies() {
  const headers = new Headers();
  headers.append("set-cookie", "better-auth.session_token=abc; Path=/; HttpOnly; SameSite=Lax");
  headers.append("set-cookie", "other=1; Path=/; Secure");
  return headers;
}

describe("Secure cookies behind TLS", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
  });

  it("adds Secure when a trusted proxy says the request came over https", () => {
    process.env.TRUST_PROXY = "1";
    const response = setCookies();
    secureCookiesOverTls(response, new Headers({ host: "x", "x-forwarded-proto": "https" }));
    expect(response.getSetCookie()).toEqual([
      "better-auth.session_token=abc; Path=/; HttpOnly; SameSite=Lax; Secure",
      "other=1; Path=/; Secure",
    ]);
  });

  it("leaves cookies alone over plain http, and ignores an untrusted X-Forwarded-Proto", () => {
    const response = setCookies();
    secureCookiesOverTls(response, new Headers({ host: "x", "x-forwarded-proto": "https" }));
    expect(response.getSetCookie()[0]).not.toMatch(/Secure/);
  });
});
