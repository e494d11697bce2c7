/**
 * The payload as the notification page shows it: pretty JSON, but never deeper than
 * `maxDepth` levels nor longer than `maxChars` characters, so a small, deeply nested or
 * very wide payload cannot make a page of many megabytes (an 18 KB body nested 3,000 deep
 * pretty-printed to 36 MB). The whole payload stays available as a download.
 */
export type PayloadView = { text: string; truncated: boolean };

export const PAYLOAD_VIEW_LIMITS = { maxDepth: 12, maxChars: 50_000 };

export function payloadView(
  value: unknown,
  limits: { maxDepth: number; maxChars: number } = PAYLOAD_VIEW_LIMITS,
): PayloadView {
  const parts: string[] = [];
  let length = 0;
  let truncated = false;

  const push = (text: string) => {
    if (length >= limits.maxChars) {
      truncated = true;
      return false;
    }
    parts.push(text);
    length += text.length;
    return true;
  };

  const write = (node: unknown, depth: number, indent: string): void => {
    if (node === null || typeof node !== "object") {
      push(JSON.stringify(node) ?? "null");
      return;
    }
    const isArray = Array.isArray(node);
    const entries = isArray
      ? (node as unknown[]).map((item, i) => [String(i), item] as const)
      : Object.entries(node as Record<string, unknown>);
    if (entries.length === 0) {
      push(isArray ? "[]" : "{}");
      return;
    }
    if (depth >= limits.maxDepth) {
      truncated = true;
      push(isArray ? "[…]" : "{…}");
      return;
    }
    const inner = `${indent}  `;
    push(isArray ? "[\n" : "{\n");
    entries.forEach(([key, item], i) => {
      if (length >= limits.maxChars) return;
      push(isArray ? inner : `${inner}${JSON.stringify(key)}: `);
      write(item, depth + 1, inner);
      push(i < entries.length - 1 ? ",\n" : "\n");
    });
    push(`${indent}${isArray ? "]" : "}"}`);
  };

  write(value, 0, "");
  let text = parts.join("");
  if (text.length > limits.maxChars) {
    text = text.slice(0, limits.maxChars);
    truncated = true;
  }
  return { text: truncated ? `${text}\n…` : text, truncated };
}
