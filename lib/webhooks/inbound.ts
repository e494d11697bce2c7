import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Executor } from "@/db/client";
import { accounts } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import type { IntakeResult } from "@/lib/intake/intake";
import { validSecrets } from "./secrets";

/** Larger requests are refused before they are read. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Events a batch request may carry. */
export const MAX_BATCH_EVENTS = 100;
/** Standard Webhooks' replay window. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

const UNAUTHORIZED = () =>
  // One answer for an unknown account and a bad signature, so accounts can't be probed.
  new ApiError(401, "unauthorized", "Missing or invalid webhook signature for this account.");

/** Reads the raw body (what was signed), refusing more than MAX_BODY_BYTES without buffering it. */
export async function readRawBody(request: Request): Promise<string> {
  const tooLarge = new ApiError(
    413,
    "payload_too_large",
    `The body must be at most ${MAX_BODY_BYTES} bytes.`,
  );
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export type SignedRequest = { account: { id: string; slug: string }; webhookId: string };

/**
 * Standard Webhooks verification on the raw body with every secret valid for the account
 * (a rotated-out secret keeps working through its grace period).
 */
export function verifySignedRequest(
  db: Executor,
  slug: string,
  rawBody: string,
  headers: Headers,
  now = Date.now(),
): SignedRequest {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signature = headers.get("webhook-signature");
  if (!id || !timestamp || !signature) {
    throw new ApiError(
      401,
      "unauthorized",
      "The webhook-id, webhook-timestamp and webhook-signature headers are required.",
    );
  }
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > TIMESTAMP_TOLERANCE_S) {
    throw new ApiError(
      401,
      "unauthorized",
      "webhook-timestamp is missing or more than 5 minutes away from the current time.",
    );
  }
  const account = db
    .select({ id: accounts.id, slug: accounts.slug })
    .from(accounts)
    .where(eq(accounts.slug, slug))
    .get();
  if (!account) throw UNAUTHORIZED();
  const signed = {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": signature,
  };
  for (const { secret } of validSecrets(db, account.id, new Date(now))) {
    try {
      // jsonParse off: a body that is signed but not JSON must get its own 400, not a 401.
      new Webhook(secret).verify(rawBody, signed, { jsonParse: false });
      return { account, webhookId: id };
    } catch {
      // Try the next valid secret (rotation); none left means the signature is bad.
    }
  }
  throw UNAUTHORIZED();
}

export function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.", [
      { field: "(body)", message: "must be a JSON document" },
    ]);
  }
}

/** What an accepted event hashes to: a repeat must carry the same event. */
export function eventHash(payload: unknown): string {
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
}

/** The HTTP answer to one event, the same for its first delivery and every repeat. */
export function intakeAnswer(result: IntakeResult): {
  status: number;
  body: Record<string, unknown>;
} {
  switch (result.status) {
    case "queued":
      return {
        status: 202,
        body: {
          id: result.notificationId,
          status: "queued",
          recipients: result.recipients,
          duplicate: result.duplicate,
        },
      };
    case "suppressed":
      return {
        status: 200,
        body: {
          id: result.notificationId,
          status: "suppressed",
          reason: result.reason,
          recipients: 0,
          duplicate: result.duplicate,
        },
      };
    case "conflict":
      return { status: 409, body: { error: { code: "conflict", message: result.message } } };
  }
}
