import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";

/*
 * A batch's request bytes are stored before the call and sent as they are on every retry.
 * A batch of 100 emails repeats each notification's HTML once per recipient and the
 * templates' markup in every email: about 870 kB of JSON that brotli at its fastest
 * setting stores in about 8 kB (0.2 ms). The write, its fsync and the checkpoint that
 * copies it were the dispatcher's largest writes. Decompressing gives the very same bytes.
 */

const PREFIX = "br64:";

/** What `dispatch_batches.body` keeps of a request body. */
export function packBatchBody(body: string): string {
  const packed = brotliCompressSync(Buffer.from(body, "utf8"), {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  return PREFIX + packed.toString("base64");
}

/** The request body a stored batch sends; batches stored before packing are plain JSON. */
export function unpackBatchBody(stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  return brotliDecompressSync(Buffer.from(stored.slice(PREFIX.length), "base64")).toString("utf8");
}
