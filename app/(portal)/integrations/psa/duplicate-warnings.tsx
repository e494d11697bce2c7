"use client";

import { useActionState } from "react";
import { buttonClasses } from "@/app/_components/ui/button";
import { noticeClasses } from "@/app/_components/ui/notice";
import { initialActionState } from "@/lib/auth/action-state";
import { NOTIFICATION_TYPE_PLURALS } from "@/lib/core/events";
import type { DuplicateWarning } from "@/lib/core/psa";
import { fixDuplicateAction } from "./actions";

/**
 * The duplicate guard's warning, on both the PSA and the Email Integration pages: which
 * address, why it makes duplicates (the FAQ), and the two fixes, for admins. One answer for
 * every fix, kept here, so it is still announced when the fixed warning is gone.
 */
export function DuplicateWarnings({
  warnings,
  isAdmin,
}: {
  warnings: DuplicateWarning[];
  isAdmin: boolean;
}) {
  const [state, action, pending] = useActionState(fixDuplicateAction, initialActionState);
  const outcome = (
    <div role="status" aria-live="polite">
      {state.message ? (
        <p className={noticeClasses(state.ok ? "ok" : "danger")}>{state.message}</p>
      ) : null}
    </div>
  );
  if (warnings.length === 0) return outcome;
  const fix = (warning: DuplicateWarning, kind: "on_failure" | "remove", label: string) => (
    <form action={action}>
      <input type="hidden" name="fix" value={kind} />
      <input type="hidden" name="type" value={warning.type} />
      <input type="hidden" name="address" value={warning.address} />
      <button type="submit" className={buttonClasses({ size: "sm" })} disabled={pending}>
        {label}
      </button>
    </form>
  );
  return (
    <>
      <section className={noticeClasses("warn")} aria-labelledby="duplicates-heading">
        <h2 id="duplicates-heading">Possible duplicate tickets</h2>
        <p>
          Duplicate notifications and tickets happen when the PSA and the Email Integration point at
          the same place. Beacon never emails one address twice for one notification, but these
          addresses still reach the PSA twice or leave no separate fallback.
        </p>
        <ul className="flex flex-col gap-4">
          {warnings.map((warning) => (
            <li key={`${warning.type}-${warning.address}`}>
              <p>{warning.message}</p>
              {isAdmin ? (
                <div className="flex flex-wrap items-center gap-3">
                  {warning.match === "domain"
                    ? fix(
                        warning,
                        "on_failure",
                        `Email ${NOTIFICATION_TYPE_PLURALS[warning.type]} only when the PSA fails`,
                      )
                    : null}
                  {fix(
                    warning,
                    "remove",
                    `Remove ${warning.address} from the Email Integration for ${NOTIFICATION_TYPE_PLURALS[warning.type]}`,
                  )}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {outcome}
    </>
  );
}
