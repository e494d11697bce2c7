import { type CreateBatchOptions, Resend } from "resend";
import type { BatchResult, OutboundEmail, SendOutcome, Transport } from "@/lib/delivery/transport";
import { ProviderPacer } from "./rate-limit";

/** Resend's batch endpoint takes at most 100 emails a call. */
export const RESEND_MAX_BATCH_SIZE = 100;
export const DEFAULT_RESEND_TIMEOUT_MS = 10_000;

/**
 * Carries each delivery's id inside the stored request, so the answer can be matched to
 * deliveries from the body alone, and so Resend's delivery events (which echo custom
 * headers) name the delivery too.
 */
export const DELIVERY_ID_HEADER = "X-Beacon-Delivery-Id";

export type ResendTransportOptions = {
  apiKey: string;
  /** Defaults to RESEND_BASE_URL, then https://api.resend.com (the SDK's own rule). */
  baseUrl?: string;
  /** A call with no answer after this long is abandoned and retried later with the same key. */
  timeoutMs?: number;
  pacer?: ProviderPacer;
  /**
   * The longest a call waits for its turn inside `send`. Beyond it (after a long
   * retry-after) `send` makes no call and answers `retry` with the wait, so a dispatcher is
   * never parked inside a transport for minutes while holding its lease.
   */
  maxPacingWaitMs?: number;
};

type ApiEmail = {
  from: string;
  headers: Record<string, string>;
  html: string;
  subject: string;
  text: string;
  to: string;
};

type ProviderError = { name: string; message: string; statusCode: number | null };

const QUOTA_ERRORS = new Set(["daily_quota_exceeded", "monthly_quota_exceeded"]);

/**
 * The Resend transport, on the official SDK's batch API with permissive validation so
 * one bad address cannot block the other emails of its batch.
 *
 * Same bytes on every retry: the SDK re-serialises what it is given, mapping each email's
 * fields in a fixed order (…, from, headers, html, …, subject, …, text, to, …). `encode`
 * writes the fields in that same order, so the SDK's bytes equal the stored bytes (the
 * unit tests check this against the local server's hash of what it received).
 */
export function createResendTransport(
  options: ResendTransportOptions,
): Transport & { readonly pacer: ProviderPacer } {
  const baseUrl = (options.baseUrl ?? process.env.RESEND_BASE_URL)?.replace(/\/+$/, "");
  const client = new Resend(options.apiKey, baseUrl ? { baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_RESEND_TIMEOUT_MS;
  const pacer = options.pacer ?? new ProviderPacer();
  const maxPacingWaitMs = options.maxPacingWaitMs ?? 30_000;

  function encode(emails: OutboundEmail[]): string {
    if (emails.length === 0 || emails.length > RESEND_MAX_BATCH_SIZE) {
      throw new Error(
        `a Resend batch holds 1 to ${RESEND_MAX_BATCH_SIZE} emails, got ${emails.length}`,
      );
    }
    const body: ApiEmail[] = emails.map((email) => ({
      from: email.from,
      headers: { ...email.headers, [DELIVERY_ID_HEADER]: email.deliveryId },
      html: email.html,
      subject: email.subject,
      text: email.text,
      to: email.to,
    }));
    return JSON.stringify(body);
  }

  async function send(body: string, idempotencyKey: string): Promise<BatchResult> {
    let emails: ApiEmail[];
    try {
      emails = JSON.parse(body) as ApiEmail[];
    } catch {
      return { kind: "rejected", error: "The stored batch body is not valid JSON." };
    }
    const deliveryIds = emails.map((email) => email.headers?.[DELIVERY_ID_HEADER] ?? "");
    if (deliveryIds.some((id) => !id)) {
      return {
        kind: "rejected",
        error: `An email of the batch has no ${DELIVERY_ID_HEADER} header.`,
      };
    }

    const pending = pacer.delayMs();
    if (pending > maxPacingWaitMs) {
      return {
        kind: "retry",
        error: `Held back: Resend asked to wait ${Math.ceil(pending / 1000)} s before the next call.`,
        retryAfterMs: pending,
      };
    }
    await pacer.waitTurn();
    const signal = AbortSignal.timeout(timeoutMs);
    let answer: Awaited<ReturnType<typeof client.batch.send<{ batchValidation: "permissive" }>>>;
    try {
      answer = await client.batch.send(emails as CreateBatchOptions, {
        idempotencyKey,
        batchValidation: "permissive",
        signal,
      });
    } catch (thrown) {
      // The SDK reports failures as values; anything thrown is unexpected but still transient.
      return { kind: "retry", error: `Resend call failed: ${(thrown as Error).message}` };
    }
    const { data, error, headers } = answer;
    const reading = pacer.observe(headers);

    if (error) {
      return classifyError(error, signal.aborted, reading.retryAfterMs, reading.resetMs);
    }
    return { kind: "done", outcomes: matchOutcomes(deliveryIds, data) };
  }

  function classifyError(
    error: ProviderError,
    timedOut: boolean,
    retryAfterMs: number | null,
    resetMs: number | null,
  ): BatchResult {
    const reason = `Resend ${error.statusCode ?? "network"} ${error.name}: ${error.message}`;
    const status = error.statusCode;
    if (status === null) {
      // The SDK turns timeouts and network failures into a statusCode-less application_error.
      return timedOut
        ? { kind: "retry", error: `Resend did not answer within ${timeoutMs} ms.` }
        : { kind: "retry", error: reason };
    }
    if (status === 429 && QUOTA_ERRORS.has(error.name)) {
      // Not worth a short retry: every later call would fail the same way until the quota resets.
      return { kind: "paused", error: reason, untilMs: quotaResetAt(Date.now(), retryAfterMs) };
    }
    if (status === 429) {
      return { kind: "retry", error: reason, retryAfterMs: retryAfterMs ?? resetMs ?? 1000 };
    }
    if (status >= 500 || status === 408) {
      return retryAfterMs === null
        ? { kind: "retry", error: reason }
        : { kind: "retry", error: reason, retryAfterMs };
    }
    if (status === 409 && error.name === "concurrent_idempotent_requests") {
      // The first call with this key is still running at Resend: ask again shortly.
      return { kind: "retry", error: reason, retryAfterMs: retryAfterMs ?? 1000 };
    }
    if (status === 401 || status === 403 || status === 404 || status === 405) {
      // A refused key, an unverified domain or a wrong base URL stops every send alike:
      // pause and flag it rather than failing each delivery for a setting.
      return { kind: "paused", error: reason };
    }
    return { kind: "rejected", error: reason };
  }

  return {
    name: "resend",
    maxBatchSize: RESEND_MAX_BATCH_SIZE,
    pacer,
    encode,
    send,
  };
}

/**
 * When a used-up quota is worth trying again: when the provider says (`retry-after`), else
 * at the next midnight UTC, when Resend's daily quota resets. A monthly quota resets on the
 * team's billing day, which the answer doesn't name: trying once a day (the next call pauses
 * again if it is still used up) is the nearest safe guess, where 15 minutes only piled up
 * refused calls. Exported for its tests.
 */
export function quotaResetAt(now: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return now + retryAfterMs;
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

/**
 * In permissive mode Resend answers `data` with the ids of the accepted emails, in request
 * order, and `errors` with the index and reason of each refused one.
 */
function matchOutcomes(
  deliveryIds: string[],
  answer: { data?: { id: string }[]; errors?: { index: number; message: string }[] } | null,
): SendOutcome[] {
  const refused = new Map((answer?.errors ?? []).map((e) => [e.index, e.message]));
  const ids = [...(answer?.data ?? [])];
  return deliveryIds.map((deliveryId, index): SendOutcome => {
    const message = refused.get(index);
    if (message !== undefined) {
      return { deliveryId, ok: false, permanent: true, error: `Resend refused it: ${message}` };
    }
    return { deliveryId, ok: true, providerMessageId: ids.shift()?.id ?? null };
  });
}
