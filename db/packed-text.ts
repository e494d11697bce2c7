import { deflateRawSync, inflateRawSync } from "node:zlib";
import { customType } from "drizzle-orm/sqlite-core";
import { databaseEngine } from "./engine";

/*
 * Text kept deflated: a notification's rendered email (about 7 kB of HTML, mostly inline
 * styles the templates repeat, and its plain text) is stored once per notification and
 * read back only to send it or show it, so a million notifications would otherwise be
 * gigabytes of markup. The column stays TEXT in SQLite, which also keeps BLOB values: rows
 * written before packing (plain text) and the empty placeholder the intake writes read back
 * as they are.
 */

/** Shorter than this, deflating saves too little to be worth a blob. */
const MIN_PACKED = 256;

// PostgreSQL's text refuses raw bytes, and it compresses long values itself (TOAST).
const packs = databaseEngine() === "sqlite";

/** The value as the `html` and `text` columns store it on this process's engine. */
export function packText(value: string): Buffer | string {
  return !packs || value.length < MIN_PACKED ? value : deflateRawSync(value, { level: 6 });
}

export function unpackText(stored: Buffer | Uint8Array | string): string {
  return typeof stored === "string" ? stored : inflateRawSync(stored).toString("utf8");
}

export const packedText = customType<{ data: string; driverData: Buffer | string }>({
  dataType: () => "text",
  toDriver: packText,
  fromDriver: unpackText,
});
