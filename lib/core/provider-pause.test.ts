import { describe, expect, it } from "vitest";
import { describePause } from "./provider-pause";

describe("describePause", () => {
  it("says a used-up quota in words, with the provider's code apart", () => {
    expect(
      describePause("Resend 429 daily_quota_exceeded: You have reached your daily quota."),
    ).toEqual({
      because: "the email provider's daily sending quota is used up",
      code: "daily_quota_exceeded (HTTP 429)",
    });
    expect(describePause("Resend 429 monthly_quota_exceeded: x").because).toBe(
      "the email provider's monthly sending quota is used up",
    );
  });

  it("names a refused key, and falls back on the HTTP status for a code it doesn't know", () => {
    expect(describePause("Resend 401 invalid_api_key: API key is invalid").because).toBe(
      "the email provider does not accept Beacon's API key",
    );
    expect(describePause("Resend 403 some_new_error: nope")).toEqual({
      because: "the email provider refuses to send for Beacon's account",
      code: "some_new_error (HTTP 403)",
    });
  });

  it("never passes on the provider's message, which is about the deployment's account", () => {
    const described = describePause("Resend 401 invalid_api_key: key re_live_abc123 of team x");
    expect(JSON.stringify(described)).not.toContain("re_live_abc123");
    expect(JSON.stringify(described)).not.toContain("team x");
  });

  it("says something general, with no code, for a reason it can't read", () => {
    expect(describePause("stopped by hand")).toEqual({
      because: "the email provider is not accepting mail from Beacon for now",
      code: null,
    });
  });
});
