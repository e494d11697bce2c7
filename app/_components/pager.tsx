import Link from "next/link";

/** "Newest" and "Older …" links under a paged list; nothing when it fits on one page. */
export function Pager({
  label,
  newest,
  older,
  olderLabel,
}: {
  /** Names the navigation, e.g. "More notifications". */
  label: string;
  /** The first page's address, when this is not the first page. */
  newest?: string;
  /** The next page's address, when there is one. */
  older?: string;
  olderLabel: string;
}) {
  if (!newest && !older) return null;
  return (
    <nav aria-label={label} className="mt-3 flex justify-end gap-4">
      {newest ? <Link href={newest}>Newest</Link> : null}
      {older ? <Link href={older}>{olderLabel}</Link> : null}
    </nav>
  );
}
