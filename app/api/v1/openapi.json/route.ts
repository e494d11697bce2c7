import { errorAnswer } from "@/lib/api/errors";
import { getPortalSession } from "@/lib/auth/session";
import { requestOrigin } from "@/lib/security/origin";
import { openApiDocument } from "@/lib/webhooks/openapi";

export const dynamic = "force-dynamic";

/**
 * The webhook API's OpenAPI 3.1 description, generated from the schemas that validate each
 * request (lib/webhooks/openapi.ts). For signed-in portal users of any role, like the API
 * reference page that links to it.
 */
export async function GET(request: Request) {
  const session = await getPortalSession();
  if (!session)
    return errorAnswer(401, "unauthorized", "Sign in to the portal to read the API description.");
  const origin = requestOrigin(request.headers) ?? new URL(request.url).origin;
  return Response.json(openApiDocument(origin), {
    headers: { "cache-control": "private, no-store" },
  });
}
