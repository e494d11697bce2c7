import { createHash } from "node:crypto";
import type { Executor } from "@/db/client";
import { check, type Limit, record, reset } from "@/lib/security/rate-limit";

/**
 * Failed sign-ins per email address, from anywhere: the 11th wrong password within a
 * minute is refused without checking it (no password hash is spent on it), until the
 * minute is over. Counted per address typed, so an unknown email and a known one answer
 * exactly alike, and a success clears the count.
 */
export const SIGN_IN_FAILURES: Limit = { max: 10, windowMs: 60_000 };

function key(email: string): string {
  const normalized = email.trim().toLowerCase();
  return `sign-in:${createHash("sha256").update(normalized).digest("hex")}`;
}

export async function signInBlocked(db: Executor, email: string, now = Date.now()) {
  return await check(db, key(email), SIGN_IN_FAILURES, now);
}

export async function signInFailed(db: Executor, email: string, now = Date.now()) {
  await record(db, key(email), SIGN_IN_FAILURES, now);
}

export async function signInSucceeded(db: Executor, email: string) {
  await reset(db, key(email));
}
