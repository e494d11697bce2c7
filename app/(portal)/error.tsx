"use client";

import { useEffect } from "react";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";

/**
 * A page that failed while rendering, inside the portal's layout so the menu still works.
 * The error's message is not shown: in production Next replaces it anyway, and the digest
 * is what the operator finds in the server's log.
 */
export default function PortalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    document.title = "Something went wrong · Beacon";
  }, []);
  return (
    <Card className="mx-auto mt-10 max-w-xl" role="alert">
      <h1>This page could not be shown</h1>
      <p className="text-muted-fg">
        Something went wrong on our side while preparing it. Nothing you entered was lost by this.
        Try again; if it keeps happening, tell your operator
        {error.digest ? (
          <>
            {" "}
            the reference <code>{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-4">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
      </div>
    </Card>
  );
}
