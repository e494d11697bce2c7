import { isHttps } from "./origin";

/**
 * Adds `Secure` to every cookie a response sets when its request reached the portal over TLS
 * (BETTER_AUTH_URL=https://…, or a trusted proxy's X-Forwarded-Proto: https). Changes the
 * headers in place, so better-auth (and its Next.js cookie plugin after it) send them so.
 */
export function secureCookiesOverTls(
  responseHeaders: Headers | null | undefined,
  requestHeaders: Headers | null | undefined,
) {
  if (!responseHeaders || !requestHeaders || !isHttps(requestHeaders)) return;
  const cookies = responseHeaders.getSetCookie();
  if (cookies.length === 0) return;
  responseHeaders.delete("set-cookie");
  for (const cookie of cookies) {
    responseHeaders.append(
      "set-cookie",
      /;\s*secure\s*(;|$)/i.test(cookie) ? cookie : `${cookie}; Secure`,
    );
  }
}
