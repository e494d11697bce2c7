"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogActions, DialogClose, DialogContent } from "@/app/_components/ui/dialog";

/** A click that would leave this page for another one of the portal, in this tab. */
function leavingLink(event: MouseEvent): string | null {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return null;
  }
  const link = (event.target as Element | null)?.closest?.("a[href]");
  if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self")) return null;
  if (link.hasAttribute("download")) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === window.location.pathname && url.search === window.location.search) {
    return null; // an anchor on this page
  }
  return url.pathname + url.search + url.hash;
}

/**
 * While the settings form has unsaved changes: leaving by a link of the portal asks first,
 * in the portal's dialog; closing the tab or reloading gets the browser's own question
 * (the only one a page may ask then).
 */
export function UnsavedChangesGuard({ dirty }: { dirty: boolean }) {
  const router = useRouter();
  const [leaveTo, setLeaveTo] = useState<string | null>(null);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the question only when a value is set.
      event.returnValue = "";
    };
    // Capture, on the document: before the portal's links (Next's <Link>) handle the click.
    const onClick = (event: MouseEvent) => {
      if (!dirtyRef.current) return;
      const target = leavingLink(event);
      if (!target) return;
      event.preventDefault();
      event.stopPropagation();
      setLeaveTo(target);
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty]);

  return (
    <Dialog open={leaveTo !== null} onOpenChange={(open) => (open ? null : setLeaveTo(null))}>
      <DialogContent
        title="Leave without saving?"
        description="The changes to the Email Integration on this page are not saved yet. Leaving now discards them."
      >
        <DialogActions>
          <DialogClose asChild>
            <Button variant="primary">Stay and keep editing</Button>
          </DialogClose>
          <Button
            variant="danger"
            onClick={() => {
              const target = leaveTo;
              dirtyRef.current = false;
              setLeaveTo(null);
              if (target) router.push(target);
            }}
          >
            Leave without saving
          </Button>
        </DialogActions>
      </DialogContent>
    </Dialog>
  );
}
