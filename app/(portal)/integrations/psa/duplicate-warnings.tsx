import { NOTIFICATION_TYPE_PLURALS } from "@/lib/core/events";
import type { DuplicateWarning } from "@/lib/core/psa";
import { ActionButton } from "./action-button";
import { fixDuplicateAction } from "./actions";

/**
 * The duplicate guard's warning, on both the PSA and the Email Integration pages: which
 * address, why it makes duplicates (the FAQ), and the two fixes, for admins.
 */
export function DuplicateWarnings({
  warnings,
  isAdmin,
}: {
  warnings: DuplicateWarning[];
  isAdmin: boolean;
}) {
  if (warnings.length === 0) return null;
  return (
    <section className="notice notice-warn" aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading">Possible duplicate tickets</h2>
      <p>
        Duplicate notifications and tickets happen when the PSA and the Email Integration point at
        the same place. Beacon never emails one address twice for one notification, but these
        addresses still reach the PSA twice or leave no separate fallback.
      </p>
      <ul className="stack">
        {warnings.map((warning) => (
          <li key={`${warning.type}-${warning.address}`}>
            <p>{warning.message}</p>
            {isAdmin ? (
              <div className="row">
                {warning.match === "domain" ? (
                  <ActionButton
                    action={fixDuplicateAction}
                    fields={{ fix: "on_failure", type: warning.type, address: warning.address }}
                    label={`Email ${NOTIFICATION_TYPE_PLURALS[warning.type]} only when the PSA fails`}
                    pendingLabel="Switching…"
                  />
                ) : null}
                <ActionButton
                  action={fixDuplicateAction}
                  fields={{ fix: "remove", type: warning.type, address: warning.address }}
                  label={`Remove ${warning.address} from the Email Integration for ${NOTIFICATION_TYPE_PLURALS[warning.type]}`}
                  pendingLabel="Removing…"
                />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
