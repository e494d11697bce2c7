import { type NextRequest, NextResponse } from "next/server";
import { HSTS, pageCsp } from "@/lib/security/headers";
import { isHttps, isTrustedOrigin } from "@/lib/security/origin";

/** Next's own check for server actions, answered with a 403 here instead of its 500. */
function crossSiteAction(request: NextRequest): boolean {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false; // no Origin: Next decides, as before
  if (isTrustedOrigin(origin, request.headers)) return false;
  const host =
    request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * Every page: a fresh CSP nonce (Next puts it on its own scripts), HSTS over TLS, a 403 for a
 * cross-site server action, and the requested path for the portal layout, which checks the
 * session and sends a signed-out visitor to sign-in and back.
 */
export function proxy(request: NextRequest) {
  if (crossSiteAction(request)) {
    return NextResponse.json(
      { error: "This request did not come from the portal." },
      { status: 403 },
    );
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-beacon-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (isHttps(request.headers)) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Pages (sign-in included) and server actions; API routes and built files get their
  // headers from next.config.ts.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
