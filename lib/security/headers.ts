/**
 * The security headers of every response. Pages get a per-request nonce CSP from proxy.ts;
 * every other response (API routes, static files) gets these and a CSP that allows nothing,
 * from next.config.ts.
 */
export const COMMON_SECURITY_HEADERS: Record<string, string> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** For responses that are never a document to render (JSON, files). */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The portal's pages: scripts only with this request's nonce (and what they load, through
 * 'strict-dynamic'); inline styles are allowed because React renders style attributes,
 * which a nonce cannot cover. No page can be framed, by anyone.
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sent only on responses to a request that came over TLS (never teaches a browser HSTS over http). */
export const HSTS = "max-age=31536000";

/**
 * The policy of an email shown in a sandboxed frame (inside its srcdoc, so it applies on top
 * of the page's): its own inline styles, images from data: or https:, nothing else at all.
 */
export const EMAIL_FRAME_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; font-src data:; form-action 'none'; base-uri 'none'";
