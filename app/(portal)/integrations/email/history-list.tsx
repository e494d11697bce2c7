import { When } from "@/app/_components/when";
import type { HistoryEntry } from "../data";

/** Every saved change of the integration: who, when, and each field from what to what. */
export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) {
    return <p className="text-muted-fg">No changes saved yet.</p>;
  }
  return (
    <ol className="m-0 list-none p-0" aria-label="Saved changes, newest first">
      {entries.map((entry) => (
        <li key={entry.id} className="border-t border-line py-2 [&_p]:m-0 [&_ul]:mt-1 [&_ul]:mb-0">
          <p>
            <strong>{entry.userEmail}</strong> <When date={entry.createdAt} />
          </p>
          <ul>
            {entry.changes.map((change, index) => (
              <li key={index}>
                <span className="font-semibold">{change.field}</span>: {change.from} → {change.to}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
