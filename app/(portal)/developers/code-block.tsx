import { CopyButton } from "@/app/_components/copy-button";

/** A snippet with its copy button; the block scrolls sideways, so it is a focusable region. */
export function CodeBlock({ title, code }: { title: string; code: string }) {
  return (
    <figure className="m-0 mt-3">
      <figcaption className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <span className="font-semibold">{title}</span>
        <CopyButton text={code} label={`Copy ${title}`} />
      </figcaption>
      <section
        aria-label={title}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to be scrolled by keyboard (axe: scrollable-region-focusable)
        tabIndex={0}
        className="m-0 max-h-96 overflow-auto rounded-md bg-code-bg p-3 text-sm text-code-fg"
      >
        <pre className="m-0">
          <code>{code}</code>
        </pre>
      </section>
    </figure>
  );
}
