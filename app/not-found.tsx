import type { Metadata } from "next";
import { getPortalSession } from "@/lib/auth/session";
import { NotFoundCard } from "./_components/not-found-card";
import { PortalShell } from "./_components/portal-shell";

export const metadata: Metadata = { title: "Page not found" };

/**
 * An address no page answers. Next renders it in the root layout only, so a signed-in
 * visitor gets the portal's top bar here too (and keeps the 404 status: no redirect).
 */
export default async function NotFound() {
  const session = await getPortalSession();
  if (!session) {
    return (
      <main id="main" className="px-3 py-10">
        <NotFoundCard signedIn={false} />
      </main>
    );
  }
  return (
    <PortalShell session={session}>
      <NotFoundCard signedIn />
    </PortalShell>
  );
}
