import { describe, expect, it } from "vitest";
import { readLimited } from "./read-limited";

function chunked(chunks: number, size: number) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      sent++;
      controller.enqueue(new Uint8Array(size));
    },
  });
  const request = new Request("http://x.test/", {
    method: "POST",
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { request, sent: () => sent };
}

describe("readLimited", () => {
  it("reads a body under the limit", async () => {
    const result = await readLimited(
      new Request("http://x.test/", { method: "POST", body: "héllo" }),
      10,
    );
    expect(result.ok && new TextDecoder().decode(result.bytes)).toBe("héllo");
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const request = new Request("http://x.test/", {
      method: "POST",
      body: "x",
      headers: { "content-length": "999999999" },
    });
    expect(await readLimited(request, 1024)).toEqual({ ok: false, reason: "too_large" });
  });

  it("stops a chunked 10 MB upload soon after the limit, not at its end", async () => {
    const upload = chunked(160, 64 * 1024); // 10 MB in 64 KB chunks
    expect(await readLimited(upload.request, 256 * 1024)).toEqual({
      ok: false,
      reason: "too_large",
    });
    // 256 KB is 4 chunks: the fifth crosses it; the stream may have buffered a few more.
    expect(upload.sent()).toBeLessThan(10);
  });
});
