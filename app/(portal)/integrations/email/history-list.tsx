import { When } from "@/app/_components/when";
import type { HistoryEntry } from "../data";

/** Every saved change of the integration: who, when, and each field from what to what. */
export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) {
    return <p className="muted">No changes saved yet.</p>;
  }
  return (
    <ol className="history" aria-label="Saved changes, newest first">
      {entries.map((entry) => (
        <li key={entry.id} className="history-entry">
          <p>
            <strong>{entry.userEmail}</strong> <When date={entry.createdAt} />
          </p>
          <ul>
            {entry.changes.map((change, index) => (
              <li key={index}>
                <span className="history-field">{change.field}</span>: {change.from} → {change.to}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
