import "server-only";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db, first } from "@/db/client";
import { accounts, memberships, type Role } from "@/db/schema";
import { auth } from "./auth";
import { safeNextPath } from "./next-path";

export type PortalSession = {
  user: { id: string; email: string; name: string };
  account: { id: string; name: string; slug: string };
  role: Role;
  /** When this session was created, i.e. when the user last typed their password. */
  signedInAt: Date;
};

/** The signed-in user with the account they act in, or null. Cached per request. */
export const getPortalSession = cache(async (): Promise<PortalSession | null> => {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  const membership = await first(
    db
      .select({ role: memberships.role, id: accounts.id, name: accounts.name, slug: accounts.slug })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(memberships.userId, session.user.id))
      .orderBy(accounts.createdAt)
      .limit(1),
  );
  if (!membership) return null;
  const { role, ...account } = membership;
  return {
    user: { id: session.user.id, email: session.user.email, name: session.user.name },
    account,
    role,
    signedInAt: new Date(session.session.createdAt),
  };
});

/** For pages: the session, or a redirect to sign-in that returns here afterwards. */
export async function requirePortalSession(): Promise<PortalSession> {
  const session = await getPortalSession();
  if (session) return session;
  const path = (await headers()).get("x-beacon-path") ?? "/";
  redirect(`/sign-in?next=${encodeURIComponent(safeNextPath(path))}`);
}

export function isAdmin(session: PortalSession): boolean {
  return session.role === "admin";
}
