"use client";

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
    <div className="save-bar">
      <div role="status" aria-live="polite" className="save-status">
        {state.at && !pending ? (
          state.ok ? (
            <p className="notice notice-ok">{state.message}</p>
          ) : (
            <div className="notice notice-error">
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
      <div className="row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        {dirty && !pending ? <span className="muted">Unsaved changes</span> : null}
      </div>
    </div>
  );
}
