import { and, eq, sql } from "drizzle-orm";
import { db, first } from "@/db/client";
import { notifications } from "@/db/schema";
import { errorAnswer } from "@/lib/api/errors";
import { getPortalSession } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/**
 * The payload exactly as stored, as a file: what the notification page no longer shows in
 * full when it is very deep or very large. Scoped by the session's account.
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const session = await getPortalSession();
  if (!session) return errorAnswer(401, "unauthorized", "Sign in to download a payload.");
  const { id } = await context.params;
  const row = await first(
    db
      .select({ raw: sql<string>`${notifications.payload}` })
      .from(notifications)
      .where(and(eq(notifications.accountId, session.account.id), eq(notifications.id, id)))
      .limit(1),
  );
  if (!row) return errorAnswer(404, "not_found", "No such notification.");
  const name = `payload-${id.replace(/[^A-Za-z0-9_-]/g, "")}.json`;
  return new Response(row.raw, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    },
  });
}
