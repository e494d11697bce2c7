import type { ReactNode } from "react";
import { PortalShell } from "@/app/_components/portal-shell";
import { requirePortalSession } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await requirePortalSession();
  return <PortalShell session={session}>{children}</PortalShell>;
}
