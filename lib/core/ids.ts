import { randomUUID } from "node:crypto";

/**
 * UUIDv7 (RFC 9562): a millisecond timestamp, then a counter, then random bits. Ids made in
 * one process sort in the order they were made, so the delivery log's (time, id) order is
 * the order events were accepted, even for thousands accepted in the same millisecond.
 * The random part comes from randomUUID (its pooled entropy is far cheaper per call than
 * randomBytes), whose version nibble is then overwritten.
 */
let lastMs = 0;
let sequence = 0;

export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = Math.floor(Math.random() * 0x400); // start low, leave room to count up
  } else if (++sequence > 0xfff) {
    lastMs += 1; // more than 4096 in one millisecond: borrow the next one
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, "0");
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, V in 8..b
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${sequence.toString(16).padStart(3, "0")}-${random.slice(19)}`;
}
