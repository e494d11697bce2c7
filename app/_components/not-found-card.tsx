import Link from "next/link";
import { Button } from "./ui/button";
import { Card } from "./ui/card";

/** What a missing page says, inside the portal or outside it (never whose record it was). */
export function NotFoundCard({ signedIn }: { signedIn: boolean }) {
  return (
    <Card className="mx-auto mt-10 max-w-xl text-center">
      <p className="m-0 text-sm font-semibold text-muted-fg">404</p>
      <h1 className="mt-1">Page not found</h1>
      <p className="text-muted-fg">
        {signedIn
          ? "There is nothing at this address in your account. It may have been mistyped, or the link points to something that no longer exists."
          : "There is nothing at this address."}
      </p>
      <div className="mt-4 flex flex-wrap justify-center gap-2">
        <Button asChild variant="primary">
          <Link href="/">{signedIn ? "Go to the overview" : "Go to Beacon"}</Link>
        </Button>
        {signedIn ? (
          <Button asChild>
            <Link href="/notifications">Notifications</Link>
          </Button>
        ) : null}
      </div>
    </Card>
  );
}
