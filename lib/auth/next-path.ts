/** Any origin works as the base: only the path, query and hash of a same-origin result are kept. */
const BASE = "http://beacon.invalid";

/**
 * Only same-origin paths, so `?next=` can't send a user to another site after sign-in.
 * The value is resolved the way a browser would (`new URL`, which drops tabs and newlines
 * and turns `\` into `/`), and kept only if it stays on the origin. The result is rebuilt
 * from the parsed URL, so it is always percent-encoded ASCII: safe in a `location` header.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return "/";
  // Control characters have no business in a path (CR/LF would end up in a header).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is what is refused here.
  if (/[\u0000-\u001f\u007f]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search + url.hash;
  // A path that still starts with two slashes (or a slash and a backslash) would be read
  // as protocol-relative by whatever consumes it next.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}
