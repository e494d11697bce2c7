/**
 * Reads a request body as bytes, but never more than `maxBytes`: a declared Content-Length
 * over it is refused before reading anything, and a chunked body is counted while it
 * streams and cancelled the moment it passes the limit, so an oversized upload costs at
 * most `maxBytes` of memory however large it is.
 */
export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; reason: "too_large" };

export async function readLimited(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
