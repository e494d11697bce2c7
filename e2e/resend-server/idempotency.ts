import { createHash } from "node:crypto";

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

export type StoredAnswer = { status: number; body: unknown };

type Entry = {
  requestHash: string;
  createdAt: number;
  /** null while the first request with this key is still being handled. */
  answer: StoredAnswer | null;
};

export type IdempotencyCheck =
  | { kind: "new" }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "conflict" } // same key, other content: 409 invalid_idempotent_request
  | { kind: "in_flight" }; // same key while the first is still running: 409 concurrent_idempotent_requests

/** The request's identity for idempotency: the endpoint and the exact body bytes. */
export function requestHash(path: string, rawBody: Buffer): string {
  return createHash("sha256").update(path).update("\n").update(rawBody).digest("hex");
}

/**
 * Keys as Resend applies them (per team, 24 h): a repeat with the same content gets the
 * first answer back without sending again; the same key with other content is refused.
 * Only accepted sends are remembered: a refused request (validation, 5xx before
 * processing) stores nothing, so it can be corrected and sent again under the same key.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  begin(scope: string, key: string, hash: string): IdempotencyCheck {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (entry && this.now() - entry.createdAt < IDEMPOTENCY_WINDOW_MS) {
      if (entry.requestHash !== hash) return { kind: "conflict" };
      return entry.answer ? { kind: "replay", answer: entry.answer } : { kind: "in_flight" };
    }
    this.entries.set(id, { requestHash: hash, createdAt: this.now(), answer: null });
    return { kind: "new" };
  }

  complete(scope: string, key: string, answer: StoredAnswer): void {
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (entry) entry.answer = answer;
  }

  /** Forgets a key whose request was refused, so nothing is remembered for it. */
  abandon(scope: string, key: string): void {
    const id = `${scope}\u0000${key}`;
    if (this.entries.get(id)?.answer === null) this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}
