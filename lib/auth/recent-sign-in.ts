import "server-only";
import { verifyPassword } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";
import { type Executor, first } from "@/db/client";
import { credentials } from "@/db/schema";
import type { ActionState } from "./action-state";
import type { PortalSession } from "./session";
import { signInBlocked, signInFailed } from "./sign-in-throttle";

/** A signing secret is handed out only this long after the password was last typed. */
export const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

/**
 * Null when the session is recent enough, or when the password typed again is right;
 * otherwise the answer that asks for it (`values.needsPassword`). Wrong passwords here
 * count as failed sign-ins, so this is no way around the sign-in limit.
 */
export async function confirmRecentSignIn(
  db: Executor,
  session: PortalSession,
  password: string | undefined,
  now = Date.now(),
): Promise<ActionState | null> {
  if (now - session.signedInAt.getTime() <= RECENT_SIGN_IN_MS) return null;
  const ask = (message: string, field: string): ActionState => ({
    ok: false,
    message,
    errors: { password: [field] },
    values: { needsPassword: true },
  });
  if (!password) {
    return ask(
      "You signed in more than 15 minutes ago: enter your password again to continue.",
      "Enter your password.",
    );
  }
  const blocked = await signInBlocked(db, session.user.email, now);
  if (!blocked.allowed) {
    return ask(
      `Too many wrong passwords: try again in ${blocked.retryAfterSeconds} seconds.`,
      "Try again later.",
    );
  }
  const row = await first(
    db
      .select({ hash: credentials.password })
      .from(credentials)
      .where(and(eq(credentials.userId, session.user.id), eq(credentials.providerId, "credential")))
      .limit(1),
  );
  const valid = row?.hash ? await verifyPassword({ hash: row.hash, password }) : false;
  if (!valid) {
    await signInFailed(db, session.user.email, now);
    return ask("That password is not correct.", "The password is not correct.");
  }
  return null;
}
