import { type NextRequest, NextResponse } from "next/server";

/**
 * Hands the requested path to the portal layout, which checks the session (here only the
 * cookie's presence is visible) and sends a signed-out visitor to sign-in and back.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-beacon-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|sign-in).*)"],
};
