/**
 * The origin a request was made to, and the origins Beacon trusts. `next start` serves plain
 * HTTP; a TLS-terminating proxy says so in `X-Forwarded-Proto`, which anybody can also send,
 * so it is read only when `TRUST_PROXY=1` says the portal is reachable through that proxy alone.
 */
type HeaderSource = { get(name: string): string | null };

export function trustProxy(): boolean {
  const value = process.env.TRUST_PROXY?.toLowerCase();
  return value === "1" || value === "true";
}

function first(value: string | null): string | null {
  const item = value?.split(",")[0]?.trim();
  return item ? item : null;
}

function pinnedOrigin(): string | null {
  const pinned = process.env.BETTER_AUTH_URL;
  if (!pinned) return null;
  try {
    return new URL(pinned).origin;
  } catch {
    return null;
  }
}

/** The request's own origin: BETTER_AUTH_URL when pinned, else its Host (and trusted proxy headers). */
export function requestOrigin(headers: HeaderSource): string | null {
  const pinned = pinnedOrigin();
  if (pinned) return pinned;
  const forwarded = trustProxy();
  const host = (forwarded && first(headers.get("x-forwarded-host"))) || headers.get("host");
  if (!host) return null;
  const proto = forwarded ? first(headers.get("x-forwarded-proto")) : null;
  try {
    return new URL(`${proto === "https" ? "https" : "http"}://${host}`).origin;
  } catch {
    return null;
  }
}

/** Whether the browser reached the portal over TLS (so cookies may and must be `Secure`). */
export function isHttps(headers: HeaderSource): boolean {
  return requestOrigin(headers)?.startsWith("https://") ?? false;
}

/** The request's own origin, BETTER_AUTH_URL and the comma-separated TRUSTED_ORIGINS: nothing else. */
export function trustedOrigins(headers: HeaderSource): string[] {
  const origins = new Set<string>();
  const own = requestOrigin(headers);
  if (own) origins.add(own);
  const pinned = pinnedOrigin();
  if (pinned) origins.add(pinned);
  for (const entry of (process.env.TRUSTED_ORIGINS ?? "").split(",")) {
    try {
      if (entry.trim()) origins.add(new URL(entry.trim()).origin);
    } catch {
      // not a URL: ignored
    }
  }
  return [...origins];
}

export function isTrustedOrigin(origin: string | null, headers: HeaderSource): boolean {
  return origin !== null && trustedOrigins(headers).includes(origin);
}

/** A callback URL (better-auth's callbackURL, redirectTo…) is acceptable only on a trusted origin. */
export function isTrustedTarget(target: string, headers: HeaderSource): boolean {
  const own = requestOrigin(headers) ?? "http://localhost";
  let url: URL;
  try {
    url = new URL(target, own);
  } catch {
    return false;
  }
  return trustedOrigins(headers).includes(url.origin);
}
