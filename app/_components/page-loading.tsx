/**
 * While a portal page loads: the page's shape, said once to screen readers. Used only by
 * segments with no `notFound()` below them: a loading boundary streams the page, and a
 * not-found page after streaming began would answer 200 instead of 404.
 */
export function PageLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="space-y-4">
        <div className="h-7 w-56 max-w-full rounded bg-surface-2" />
        <div className="h-4 w-96 max-w-full rounded bg-surface-2" />
        <div className="h-40 rounded-lg border border-line bg-surface" />
        <div className="h-40 rounded-lg border border-line bg-surface" />
      </div>
    </div>
  );
}
