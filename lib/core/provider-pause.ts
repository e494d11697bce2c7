/**
 * What the sending-paused banner says about the provider's refusal: a description anyone
 * in the portal can read, and the provider's code for whoever reports it to the operator.
 * Only the code leaves the stored reason, never the provider's message, which is about the
 * deployment's provider account (the operator reads it with `npm run resume-sending`). Pure.
 */
export type PauseDescription = {
  /** Completes "Email sending is paused because …". */
  because: string;
  /** "daily_quota_exceeded (HTTP 429)", or null when the reason names no code. */
  code: string | null;
};

const BECAUSE: Record<string, string> = {
  daily_quota_exceeded: "the email provider's daily sending quota is used up",
  monthly_quota_exceeded: "the email provider's monthly sending quota is used up",
  missing_api_key: "the email provider was called without an API key",
  invalid_api_key: "the email provider does not accept Beacon's API key",
  restricted_api_key: "Beacon's API key is not allowed to send email",
  invalid_access: "Beacon's API key is not allowed to send email",
  validation_error: "the email provider refuses the sender address (is its domain verified?)",
  not_found: "the email provider's address is misconfigured",
  method_not_allowed: "the email provider's address is misconfigured",
};

const BY_STATUS: Record<string, string> = {
  "401": "the email provider does not accept Beacon's API key",
  "403": "the email provider refuses to send for Beacon's account",
  "404": "the email provider's address is misconfigured",
  "405": "the email provider's address is misconfigured",
  "429": "the email provider's sending quota is used up",
};

const GENERIC = "the email provider is not accepting mail from Beacon for now";

/** Reads a transport's pause reason, e.g. "Resend 429 daily_quota_exceeded: You have…". */
export function describePause(reason: string): PauseDescription {
  const match = /^\S+ (\d{3}|network) ([a-z_]+):/.exec(reason);
  if (!match) return { because: GENERIC, code: null };
  const [, status, name] = match as unknown as [string, string, string];
  return {
    because: BECAUSE[name] ?? BY_STATUS[status] ?? GENERIC,
    code: status === "network" ? name : `${name} (HTTP ${status})`,
  };
}
