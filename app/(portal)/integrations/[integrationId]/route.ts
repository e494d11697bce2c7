import { db } from "@/db/client";
import { errorAnswer } from "@/lib/api/errors";
import { getPortalSession } from "@/lib/auth/session";
import { findIntegration, REMOVAL_REFUSED } from "../data";
import { removePsa } from "../psa/data";

/**
 * The Email Integration can't be removed: this answers anyone who tries anyway (an old
 * client, a script) with the reason, after the same session, role and account checks as
 * every other endpoint. The PSA integration can be: it is removed (204), as its page does.
 */
export async function DELETE(
  _request: Request,
  context: { params: Promise<{ integrationId: string }> },
) {
  const session = await getPortalSession();
  if (!session) return errorAnswer(401, "unauthorized", "Sign in to manage integrations.");
  if (session.role !== "admin") {
    return errorAnswer(403, "forbidden", "Only Account Admins can change integrations.");
  }
  const { integrationId } = await context.params;
  const integration = await findIntegration(db, session.account.id, integrationId);
  if (!integration) return errorAnswer(404, "not_found", "No such integration in your account.");
  if (integration.kind === "psa") {
    await removePsa(db, { accountId: session.account.id, user: session.user });
    return new Response(null, { status: 204 });
  }
  return errorAnswer(409, "conflict", REMOVAL_REFUSED);
}
