import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/auth/next-path";
import { getPortalSession } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  const target = safeNextPath(Array.isArray(next) ? next[0] : next);
  if (await getPortalSession()) redirect(target);
  return (
    <main id="main" className="grid min-h-dvh place-items-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-line bg-surface p-6 shadow-sm sm:p-8">
        <p className="m-0 mb-4 text-lg font-bold" aria-hidden="true">
          <span className="text-primary">◆</span> Beacon
        </p>
        <h1>Sign in to Beacon</h1>
        <p className="text-muted-fg">Security alerts, routed to the people who act on them.</p>
        <SignInForm next={target} />
      </div>
    </main>
  );
}
