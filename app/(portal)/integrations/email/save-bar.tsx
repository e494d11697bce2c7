"use client";

import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
import type { ActionState } from "@/lib/auth/action-state";

/**
 * The Save button and what the last save came to, in a live region: the server's message,
 * how many problems there are to fix, and those no input shows.
 */
export function SaveBar({
  state,
  pending,
  dirty,
  general,
  errorCount,
}: {
  state: ActionState;
  pending: boolean;
  dirty: boolean;
  general: string[];
  errorCount: number;
}) {
  return (
    <div className="sticky bottom-0 z-10 -mx-3 flex flex-col gap-2 border-t border-line bg-bg/95 px-3 py-3 backdrop-blur sm:mx-0 sm:px-0">
      <div role="status" aria-live="polite" className="[&_ul]:mt-1 [&_ul]:mb-0">
        {state.at && !pending ? (
          state.ok ? (
            <p className={noticeClasses("ok")}>{state.message}</p>
          ) : (
            <div className={noticeClasses("danger")}>
              <p>
                {state.message}
                {errorCount > 0
                  ? ` ${errorCount} ${errorCount === 1 ? "problem" : "problems"} to fix.`
                  : ""}
              </p>
              {general.length ? (
                <ul>
                  {general.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          )
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClasses({ variant: "primary" })} disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        {dirty && !pending ? <span className="text-muted-fg">Unsaved changes</span> : null}
      </div>
    </div>
  );
}
