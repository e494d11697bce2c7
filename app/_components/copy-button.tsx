"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";

/**
 * Copies a text to the clipboard and says so in a polite live region, so the confirmation is
 * heard as well as seen. Where the clipboard is refused (no permission, plain http on another
 * host), it says to select the text instead.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setSaid("Copied");
    } catch {
      setSaid("Copying was refused by the browser: select the text and copy it");
    }
    setTimeout(() => setSaid(""), 4_000);
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" onClick={copy} aria-label={label}>
        Copy
      </Button>
      <span role="status" aria-live="polite" className="text-sm text-muted-fg">
        {said}
      </span>
    </span>
  );
}
