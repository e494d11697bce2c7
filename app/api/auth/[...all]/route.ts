import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { readLimited } from "@/lib/http/read-limited";
import { isTrustedOrigin, isTrustedTarget } from "@/lib/security/origin";

const handler = toNextJsHandler(auth);

/**
 * The only better-auth endpoints the portal uses over HTTP (the sign-in form and sign-out go
 * through server actions). Everything else (sign-up, verify-email, reset-password, change-
 * email, …) answers 404 here, so none of their callback URLs can be used as a redirect.
 */
const ENDPOINTS: Record<string, "GET" | "POST"> = {
  "/api/auth/get-session": "GET",
  "/api/auth/sign-in/email": "POST",
  "/api/auth/sign-out": "POST",
};

/** Fields in which better-auth accepts a URL to send the browser to afterwards. */
const TARGET_FIELDS = ["callbackURL", "redirectTo", "errorCallbackURL", "newUserCallbackURL"];

function refuse(status: number, message: string) {
  return Response.json({ error: message }, { status });
}

function targets(values: Record<string, unknown>): string[] {
  return TARGET_FIELDS.map((field) => values[field]).filter(
    (value): value is string => typeof value === "string",
  );
}

/** The session token lives in the HttpOnly cookie only: scripts never see it in a body. */
function withoutToken(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const { token: _token, ...rest } = value as Record<string, unknown>;
  if (rest.session && typeof rest.session === "object") {
    const { token: _sessionToken, ...session } = rest.session as Record<string, unknown>;
    rest.session = session;
  }
  return rest;
}

/** better-auth's own 429 says X-Retry-After only; clients and proxies read Retry-After. */
function withRetryAfter(response: Response): Response {
  const seconds = response.headers.get("x-retry-after");
  if (response.status !== 429 || !seconds || response.headers.has("retry-after")) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", seconds);
  return new Response(response.body, { status: 429, statusText: response.statusText, headers });
}

async function guarded(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const method = ENDPOINTS[url.pathname];
  if (!method) return refuse(404, "Not found.");
  if (request.method !== method) return refuse(405, "Method not allowed.");
  if (
    targets(Object.fromEntries(url.searchParams)).some((t) => !isTrustedTarget(t, request.headers))
  ) {
    return refuse(403, "The callback URL is not on this portal.");
  }
  let forward = request;
  if (method === "POST") {
    // A browser always sends Origin on a POST: a foreign or missing one is a cross-site request.
    if (!isTrustedOrigin(request.headers.get("origin"), request.headers)) {
      return refuse(403, "This request did not come from the portal.");
    }
    const read = await readLimited(request, 16 * 1024);
    if (!read.ok) return refuse(413, "The request is too large.");
    const raw = new TextDecoder().decode(read.bytes);
    let body: unknown = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return refuse(400, "The body is not JSON.");
      }
    }
    if (
      body &&
      typeof body === "object" &&
      targets(body as Record<string, unknown>).some((t) => !isTrustedTarget(t, request.headers))
    ) {
      return refuse(403, "The callback URL is not on this portal.");
    }
    forward = new Request(request.url, {
      method,
      headers: request.headers,
      body: raw || undefined,
    });
  }
  const answer = await (method === "GET" ? handler.GET : handler.POST)(forward);
  const response = withRetryAfter(answer);
  if (!response.headers.get("content-type")?.includes("application/json")) return response;
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Response(text, response);
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(withoutToken(json)), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

export const GET = guarded;
export const POST = guarded;
