import { cookies } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { signOut } from "@/app/(auth)/sign-in/actions";
import type { PortalSession } from "@/lib/auth/session";
import { MenuButton } from "./menu-button";
import { SendingPausedBanner } from "./sending-paused-banner";
import { THEME_COOKIE, themeOf } from "./theme";
import { ThemeToggle } from "./theme-toggle";
import { Badge } from "./ui/badge";
import { Button } from "./ui/button";
import { ToastProvider } from "./ui/toast";

const NAVIGATION = [
  { label: "Overview", href: "/" },
  { label: "Integrations", href: "/integrations" },
  { label: "Notifications", href: "/notifications" },
  { label: "Mailbox", href: "/mailbox" },
  { label: "Email previews", href: "/previews" },
  { label: "Developers", href: "/developers" },
];

/** The link keyboard users take past the top bar, visible only while focused. */
function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-fg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to content
    </a>
  );
}

/**
 * Every signed-in page (and the not-found page of a signed-in visitor): the top bar (menu, account, who is signed in, colour scheme, Sign
 * out), the sending-paused banner and the page. From 360 px up: on a phone the account and
 * the address give way, Sign out and the role never do.
 */
export async function PortalShell({
  session,
  children,
}: {
  session: PortalSession;
  children: ReactNode;
}) {
  const theme = themeOf((await cookies()).get(THEME_COOKIE)?.value);
  const role = session.role === "admin" ? "Account Admin" : "Account User";
  return (
    <ToastProvider>
      <SkipLink />
      <header className="sticky top-0 z-30 border-b border-line bg-surface">
        <div className="mx-auto flex max-w-6xl items-center gap-2 px-3 py-2 sm:gap-3 sm:px-5">
          <MenuButton
            label="Menu"
            items={NAVIGATION}
            heading={
              // On a phone the top bar has no room for the account and the address: here.
              <div className="border-b border-line px-2.5 pt-1 pb-2 text-sm md:hidden">
                <div className="font-semibold">{session.account.name}</div>
                <div className="text-muted-fg [overflow-wrap:anywhere]">{session.user.email}</div>
              </div>
            }
          >
            <span aria-hidden="true" className="flex flex-col gap-[3px]">
              <span className="block h-0.5 w-[18px] rounded-sm bg-current" />
              <span className="block h-0.5 w-[18px] rounded-sm bg-current" />
              <span className="block h-0.5 w-[18px] rounded-sm bg-current" />
            </span>
          </MenuButton>
          <Link href="/" className="whitespace-nowrap text-lg font-bold text-fg no-underline">
            <span className="text-primary" aria-hidden="true">
              ◆
            </span>{" "}
            Beacon
          </Link>
          <span
            className="hidden max-w-48 truncate rounded-full border border-line px-2.5 py-0.5 text-sm sm:inline"
            title="Account"
          >
            <span className="sr-only">Account: </span>
            {session.account.name}
          </span>
          <div className="ml-auto flex min-w-0 items-center gap-1 text-sm sm:gap-2">
            <span className="hidden min-w-0 truncate md:inline">{session.user.email}</span>
            <Badge title={role}>
              {/* On a phone the short word, so Sign out always fits beside it. */}
              <span className="sm:hidden">{session.role === "admin" ? "Admin" : "User"}</span>
              <span className="hidden sm:inline">{role}</span>
            </Badge>
            <ThemeToggle initial={theme} />
            <form action={signOut}>
              <Button type="submit" variant="quiet" className="px-2 sm:px-3">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto max-w-6xl px-3 pt-5 pb-16 outline-none sm:px-5"
      >
        <SendingPausedBanner />
        {children}
      </main>
    </ToastProvider>
  );
}
