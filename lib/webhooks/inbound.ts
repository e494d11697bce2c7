import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { WebhookLookup } from "@/db/webhook-lookup";
import { ApiError } from "@/lib/api/errors";
import { readLimited } from "@/lib/http/read-limited";
import type { IntakeResult } from "@/lib/intake/intake";

/*
 * The HTTP edge of the inbound webhooks: read the raw bytes with a limit, verify the
 * Standard Webhooks signature on those bytes, decode and parse with bounded nesting, and
 * turn the intake's result into the documented answer.
 */

/** Larger requests are refused before they are read. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Events a batch request may carry. */
export const MAX_BATCH_EVENTS = 100;
/** Standard Webhooks' replay window. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;
/** Deepest nesting of a request body; an event itself may nest MAX_EVENT_DEPTH. */
export const MAX_BODY_DEPTH = 64;
export const MAX_EVENT_DEPTH = 32;

const UNAUTHORIZED = () =>
  // One answer for an unknown account and a bad signature, so accounts can't be probed.
  new ApiError(401, "unauthorized", "Missing or invalid webhook signature for this account.");

/** Reads the raw body (what was signed), refusing more than MAX_BODY_BYTES without buffering it. */
export async function readRawBody(request: Request): Promise<Buffer> {
  const read = await readLimited(request, MAX_BODY_BYTES);
  if (!read.ok) {
    throw new ApiError(
      413,
      "payload_too_large",
      `The body must be at most ${MAX_BODY_BYTES} bytes.`,
    );
  }
  return Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
}

export type SignedRequest = { account: { id: string; slug: string }; webhookId: string };

// Unknown accounts are checked against this throwaway key, so they take the same path (and
// time) as a known account with a bad signature.
const DUMMY_KEY = randomBytes(32);

function signatureMatches(key: Buffer, signed: Buffer, header: string): boolean {
  const expected = createHmac("sha256", key).update(signed).digest();
  let match = false;
  for (const part of header.split(" ")) {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) match = true;
  }
  return match;
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
}

/**
 * Standard Webhooks verification on the raw bytes with every secret valid for the account
 * (a rotated-out secret keeps working through its grace period).
 */
export async function verifySignedRequest(
  lookup: WebhookLookup,
  slug: string,
  rawBody: Uint8Array | string,
  headers: Headers,
  now = Date.now(),
): Promise<SignedRequest> {
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
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - seconds) > TIMESTAMP_TOLERANCE_S) {
    throw new ApiError(
      401,
      "unauthorized",
      "webhook-timestamp is missing or more than 5 minutes away from the current time.",
    );
  }
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(rawBody)]);
  const account = await lookup.account(slug);
  const keys = account
    ? (await lookup.secrets(account.id, new Date(now))).map(secretKey)
    : [DUMMY_KEY];
  let verified = false;
  for (const key of keys) if (signatureMatches(key, signed, signature)) verified = true;
  if (!account || !verified) throw UNAUTHORIZED();
  return { account, webhookId: id };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** How deep `text` nests arrays and objects, stopping as soon as it passes `limit`. */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Decodes the signed bytes as UTF-8 and parses them, refusing absurd nesting up front. */
export function parseJson(rawBody: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(rawBody);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid UTF-8.", [
      { field: "(body)", message: "must be UTF-8 encoded JSON" },
    ]);
  }
  if (nestingExceeds(text, MAX_BODY_DEPTH)) {
    throw new ApiError(422, "invalid_event", "The body is nested too deeply.", [
      { field: "(body)", message: `must not nest more than ${MAX_BODY_DEPTH} levels deep` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.", [
      { field: "(body)", message: "must be a JSON document" },
    ]);
  }
}

function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** The event's fields that nest deeper than an event may (depth is bounded by parseJson). */
export function tooDeepFields(event: unknown): { field: string; message: string }[] {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return [];
  return Object.entries(event).flatMap(([field, value]) =>
    depthOf(value) >= MAX_EVENT_DEPTH
      ? [{ field, message: `must not nest more than ${MAX_EVENT_DEPTH} levels deep` }]
      : [],
  );
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
