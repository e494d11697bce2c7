import type { OutgoingHttpHeaders } from "node:http";
import { z } from "zod";
import { type Answer, resendError } from "./http";

/**
 * A fault the server injects into one call to `POST /emails` or `POST /emails/batch`.
 * `after: true` processes the call first (the emails are accepted and the idempotency key
 * stored) and only then fails the answer: the "provider sent it but the answer was lost"
 * case that only an Idempotency-Key makes safe to retry.
 */
export const faultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({
    kind: z.literal("5xx"),
    status: z.number().int().min(500).max(599).default(500),
    after: z.boolean().default(false),
  }),
  z.object({ kind: z.literal("429"), retryAfter: z.number().int().min(0).default(1) }),
  z.object({
    kind: z.literal("quota"),
    name: z
      .enum(["daily_quota_exceeded", "monthly_quota_exceeded"])
      .default("daily_quota_exceeded"),
    retryAfter: z.number().int().min(0).optional(),
  }),
  /** Never answers (until the caller gives up or the server closes), or answers after `ms`. */
  z.object({
    kind: z.literal("hang"),
    after: z.boolean().default(false),
    ms: z.number().int().min(0).optional(),
  }),
  /** Destroys the connection without an answer. */
  z.object({ kind: z.literal("drop"), after: z.boolean().default(false) }),
]);
export type Fault = z.infer<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

export const RANDOM_FAULT_KINDS = ["5xx", "429", "hang", "drop"] as const;
export const faultRatesSchema = z
  .partialRecord(z.enum(RANDOM_FAULT_KINDS), z.number().min(0).max(1))
  .refine((rates) => Object.values(rates).reduce((a, b) => a + (b ?? 0), 0) <= 1, {
    message: "the fault rates add up to more than 1",
  });
export type FaultRates = z.infer<typeof faultRatesSchema>;

/** "5xx=0.1,hang=0.05" (the CLI and env form) -> { "5xx": 0.1, hang: 0.05 } */
export function parseFaultRates(text: string): FaultRates {
  const entries = text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [kind, rate] = part.split("=");
      return [kind?.trim(), Number(rate)] as const;
    });
  return faultRatesSchema.parse(Object.fromEntries(entries));
}

/**
 * Faults to inject: an ordered queue consumed one per call (for tests that need an exact
 * sequence) and, once the queue is empty, optional per-call probabilities (for soak runs).
 */
export class FaultPlan {
  private queue: Fault[] = [];
  private rates: FaultRates = {};

  constructor(private readonly random: () => number = Math.random) {}

  set(options: { queue?: FaultInput[]; rates?: FaultRates; append?: boolean }): void {
    const parsed = z.array(faultSchema).parse(options.queue ?? []);
    this.queue = options.append ? [...this.queue, ...parsed] : parsed;
    if (options.rates !== undefined) this.rates = faultRatesSchema.parse(options.rates);
  }

  describe(): { queue: Fault[]; rates: FaultRates } {
    return { queue: [...this.queue], rates: { ...this.rates } };
  }

  clear(): void {
    this.queue = [];
    this.rates = {};
  }

  /** The fault for the next call, if any. */
  next(): Fault | null {
    const queued = this.queue.shift();
    if (queued) return queued.kind === "none" ? null : queued;
    let roll = this.random();
    for (const kind of RANDOM_FAULT_KINDS) {
      const rate = this.rates[kind] ?? 0;
      // Half the random failures happen after the emails were accepted, the case that
      // only idempotent retries survive without duplicates.
      if (roll < rate) {
        return faultSchema.parse(kind === "429" ? { kind } : { kind, after: this.random() < 0.5 });
      }
      roll -= rate;
    }
    return null;
  }
}

/** Whether the fault strikes after the call was processed (see faultSchema). */
export function strikesAfter(fault: Fault): boolean {
  return "after" in fault && fault.after;
}

/** How a fault is named in the request log: "5xx", "hang after", … */
export function faultLabel(fault: Fault | null): string | null {
  return fault ? `${fault.kind}${strikesAfter(fault) ? " after" : ""}` : null;
}

/**
 * What a fault does to a call, before or after it is processed: an answer instead of the
 * real one, no answer at all (`hang`, `drop`), or only a delay (a `hang` with `ms`), after
 * which the call goes on (`null`).
 */
export type FaultOutcome =
  | { kind: "answer"; answer: Answer; headers: OutgoingHttpHeaders }
  | { kind: "hang" }
  | { kind: "drop" };

export async function applyFault(
  fault: Fault,
  headers: OutgoingHttpHeaders,
  wait: (ms: number) => Promise<void>,
): Promise<FaultOutcome | null> {
  switch (fault.kind) {
    case "none":
      return null;
    case "5xx":
      return {
        kind: "answer",
        answer: resendError(fault.status, "internal_server_error", "An unexpected error occurred."),
        headers,
      };
    case "429":
      return {
        kind: "answer",
        answer: resendError(429, "rate_limit_exceeded", "Too many requests (injected fault)."),
        headers: { ...headers, "retry-after": String(fault.retryAfter) },
      };
    case "quota": {
      const message =
        fault.name === "daily_quota_exceeded"
          ? "You have reached your daily email sending quota."
          : "You have reached your monthly email sending quota.";
      const extra =
        fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
      return {
        kind: "answer",
        answer: resendError(429, fault.name, message),
        headers: { ...headers, ...extra },
      };
    }
    case "hang":
      if (fault.ms === undefined) return { kind: "hang" };
      await wait(fault.ms);
      return null;
    case "drop":
      return { kind: "drop" };
  }
}
