import { NextResponse } from "next/server";
import { db } from "@/db/client";
import { errorAnswer } from "@/lib/api/errors";
import { getPortalSession } from "@/lib/auth/session";
import { testSendOutcome } from "../../data";

/**
 * Where a test send stands, for the Send test outcome that follows it live. Only the
 * session's account's test sends are found; any other id is a 404, whoever owns it.
 */
export async function GET(
  _request: Request,
  context: { params: Promise<{ notificationId: string }> },
) {
  const session = await getPortalSession();
  if (!session) return errorAnswer(401, "unauthorized", "Sign in to see test sends.");
  const { notificationId } = await context.params;
  const outcome = await testSendOutcome(db, session.account.id, notificationId.slice(0, 200));
  if (!outcome) return errorAnswer(404, "not_found", "No such test send in your account.");
  return NextResponse.json({ deliveries: outcome }, { headers: { "Cache-Control": "no-store" } });
}
