import { cookies } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { MenuButton } from "@/app/_components/menu-button";
import { SendingPausedBanner } from "@/app/_components/sending-paused-banner";
import { THEME_COOKIE, themeOf } from "@/app/_components/theme";
import { ThemeToggle } from "@/app/_components/theme-toggle";
import { ToastProvider } from "@/app/_components/ui/toast";
import { requirePortalSession } from "@/lib/auth/session";
import { signOut } from "../(auth)/sign-in/actions";

export const dynamic = "force-dynamic";

const NAVIGATION = [
  { label: "Overview", href: "/" },
  { label: "Integrations", href: "/integrations" },
  { label: "Notifications", href: "/notifications" },
  { label: "Mailbox", href: "/mailbox" },
  { label: "Email previews", href: "/previews" },
  { label: "Developers", href: "/developers" },
];

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await requirePortalSession();
  const theme = themeOf((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <ToastProvider>
      <div className="portal">
        <header className="topbar">
          <MenuButton label="Menu" items={NAVIGATION}>
            <span className="bars" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
          </MenuButton>
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>{" "}
            Beacon
          </Link>
          <span className="account-name" title="Account">
            {session.account.name}
          </span>
          <div className="topbar-user">
            <span>
              {session.user.email}{" "}
              <span className="badge">
                {session.role === "admin" ? "Account Admin" : "Account User"}
              </span>
            </span>
            <ThemeToggle initial={theme} />
            <form action={signOut}>
              <button type="submit" className="button button-quiet">
                Sign out
              </button>
            </form>
          </div>
        </header>
        <main className="content" id="main">
          <SendingPausedBanner />
          {children}
        </main>
      </div>
    </ToastProvider>
  );
}
