import { NextResponse } from "next/server";
import { db } from "@/db/client";
import { getPortalSession } from "@/lib/auth/session";
import { findIntegration, REMOVAL_REFUSED } from "../data";

/**
 * There is no remove action in the portal; this answers anyone who tries anyway (an old
 * client, a script) with the reason, after the same session, role and account checks as
 * every other endpoint.
 */
export async function DELETE(
  _request: Request,
  context: { params: Promise<{ integrationId: string }> },
) {
  const session = await getPortalSession();
  if (!session) {
    return NextResponse.json({ error: "Sign in to manage integrations." }, { status: 401 });
  }
  if (session.role !== "admin") {
    return NextResponse.json(
      { error: "Only Account Admins can change integrations." },
      { status: 403 },
    );
  }
  const { integrationId } = await context.params;
  const integration = findIntegration(db, session.account.id, integrationId);
  if (!integration) {
    return NextResponse.json({ error: "No such integration in your account." }, { status: 404 });
  }
  return NextResponse.json({ error: REMOVAL_REFUSED }, { status: 409 });
}
