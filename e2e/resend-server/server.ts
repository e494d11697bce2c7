import { createHash, randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { DEFAULT_CONTRACT_PATH, loadContract } from "./contract";
import { createControlHandler } from "./control";
import {
  applyFault,
  type FaultInput,
  type FaultOutcome,
  FaultPlan,
  type FaultRates,
  faultLabel,
  strikesAfter,
} from "./faults";
import { type Answer, HttpError, rateLimitHeaders, readBody, resendError, send } from "./http";
import {
  IdempotencyStore,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  requestHash,
  type StoredAnswer,
} from "./idempotency";
import { RateLimiter } from "./rate-limiter";
import {
  type AcceptedEmail,
  type EventRequest,
  eventRequestSchema,
  type RequestRecord,
} from "./records";
import { type ValidEmail, validateBatch, validateSingle } from "./validation";
import { buildEmailEvent, type EmailEventType, postSignedEvent } from "./webhook-events";

export type { AcceptedEmail, EventRequest, RequestRecord } from "./records";

export type ResendServerOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Requests per second per API key, Resend's team limit; null or 0 means no limit. */
  rps?: number | null;
  /** Accepted API keys; by default any key that starts with `re_`. */
  apiKeys?: string[];
  faults?: FaultInput[];
  faultRates?: FaultRates;
  /** Where `POST /_control/events` (and autoEvents) post delivery events, signed with webhookSecret. */
  webhookUrl?: string;
  webhookSecret?: string;
  /**
   * After each accepted email, post `email.sent` and then `email.delivered`, or, like Resend's
   * test addresses, `email.bounced` / `email.complained` when the recipient's local part
   * starts with "bounced" / "complained".
   */
  autoEvents?: boolean;
  contractPath?: string;
  log?: (line: string) => void;
};

export type ResendServer = {
  url: string;
  port: number;
  faults: FaultPlan;
  emails(): AcceptedEmail[];
  requests(): RequestRecord[];
  setRateLimit(rps: number | null): void;
  reset(): void;
  sendEvent(input: EventRequest): Promise<{ svixId: string; status: number; body: string }>;
  close(): Promise<void>;
};

function localPart(address: string): string {
  const bare = /<([^>]+)>/.exec(address)?.[1] ?? address;
  return bare.split("@")[0]?.toLowerCase() ?? "";
}

export async function startResendServer(options: ResendServerOptions = {}): Promise<ResendServer> {
  const contract = loadContract(options.contractPath ?? DEFAULT_CONTRACT_PATH);
  const log = options.log ?? (() => {});
  const faults = new FaultPlan();
  faults.set({ queue: options.faults ?? [], rates: options.faultRates ?? {} });
  const idempotency = new IdempotencyStore();
  let limiter = options.rps ? new RateLimiter(options.rps) : null;
  let emails: AcceptedEmail[] = [];
  let requests: RequestRecord[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      fn();
    }, ms);
    pendingTimers.add(timer);
  }

  function authorize(req: IncomingMessage): { key: string } | Answer {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      return resendError(401, "missing_api_key", "Missing API key in the authorization header.");
    }
    const key = match[1];
    const known = options.apiKeys ? options.apiKeys.includes(key) : key.startsWith("re_");
    if (!known) return resendError(403, "invalid_api_key", "API key is invalid.");
    return { key };
  }

  function accept(
    email: ValidEmail,
    endpoint: AcceptedEmail["endpoint"],
    batchIndex: number | null,
    idempotencyKey: string | null,
  ): string {
    const id = randomUUID();
    const record = { ...email, id, endpoint, batchIndex, idempotencyKey };
    emails.push({ ...record, createdAt: new Date().toISOString() });
    if (options.autoEvents) later(0, () => void autoEvents(id));
    return id;
  }

  /** Validates and accepts the emails of one call; what an idempotent replay returns. */
  function handleEmails(
    path: string,
    body: unknown,
    batchMode: string,
    key: string | null,
  ): Answer {
    if (path === "/emails") {
      const result = validateSingle(contract, body);
      if (!result.ok) return resendError(422, "validation_error", result.message);
      return { status: 200, body: { id: accept(result.email, "/emails", null, key) } };
    }
    const result = validateBatch(contract, body);
    if (!result.ok) return resendError(422, "validation_error", result.message);
    const permissive = batchMode === "permissive";
    const firstError = result.items.find((item) => !item.ok);
    if (!permissive && firstError && !firstError.ok) {
      return resendError(422, "validation_error", firstError.message);
    }
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    result.items.forEach((item, index) => {
      if (item.ok) data.push({ id: accept(item.email, "/emails/batch", index, key) });
      else errors.push({ index, message: item.message });
    });
    return { status: 200, body: permissive ? { data, errors } : { data } };
  }

  async function handleSend(req: IncomingMessage, res: ServerResponse, path: string) {
    const raw = await readBody(req);
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const record: RequestRecord = {
      at: new Date().toISOString(),
      path,
      idempotencyKey,
      bodySha256: createHash("sha256")
        .update(raw ?? "")
        .digest("hex"),
      status: 0,
      fault: null,
      accepted: 0,
    };
    requests.push(record);
    const countBefore = emails.length;
    const finish = (answer: Answer, headers: OutgoingHttpHeaders = {}) => {
      record.status = answer.status;
      record.accepted = emails.length - countBefore;
      send(res, answer, headers);
    };

    if (raw === null) return finish(resendError(413, "validation_error", "The body is too large."));
    const auth = authorize(req);
    if ("status" in auth) return finish(auth);

    const rate = limiter ? limiter.take(auth.key) : null;
    const headers = rateLimitHeaders(rate);
    if (rate && !rate.allowed) {
      return finish(
        resendError(
          429,
          "rate_limit_exceeded",
          `Too many requests. You can only make ${rate.limit} requests per second.`,
        ),
        headers,
      );
    }

    const fault = faults.next();
    record.fault = faultLabel(fault);
    const wait = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));
    /** Ends the call as the fault says; false when the fault lets it go on. */
    const endWith = (outcome: FaultOutcome | null): boolean => {
      if (!outcome) return false;
      if (outcome.kind === "answer") {
        finish(outcome.answer, outcome.headers);
        return true;
      }
      record.status = outcome.kind;
      record.accepted = emails.length - countBefore;
      if (outcome.kind === "drop") req.socket.destroy();
      return true;
    };
    if (fault && !strikesAfter(fault) && endWith(await applyFault(fault, headers, wait))) return;

    if (
      idempotencyKey !== null &&
      (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    ) {
      return finish(
        resendError(400, "invalid_idempotency_key", "The key must be between 1-256 chars."),
        headers,
      );
    }
    const hash = requestHash(path, raw);
    const scope = auth.key;
    let answer: Answer;
    const check = idempotencyKey
      ? idempotency.begin(scope, idempotencyKey, hash)
      : { kind: "new" as const };
    if (check.kind === "conflict") {
      answer = resendError(
        409,
        "invalid_idempotent_request",
        "Same idempotency key used with a different request payload.",
      );
    } else if (check.kind === "in_flight") {
      answer = resendError(
        409,
        "concurrent_idempotent_requests",
        "Same idempotency key used while original request is still in progress.",
      );
    } else if (check.kind === "replay") {
      answer = check.answer;
    } else {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = undefined;
      }
      answer =
        body === undefined
          ? resendError(422, "validation_error", "The request body is not valid JSON.")
          : handleEmails(
              path,
              body,
              String(req.headers["x-batch-validation"] ?? "strict"),
              idempotencyKey,
            );
      if (idempotencyKey) {
        if (answer.status === 200)
          idempotency.complete(scope, idempotencyKey, answer as StoredAnswer);
        else idempotency.abandon(scope, idempotencyKey);
      }
    }

    if (fault && strikesAfter(fault) && endWith(await applyFault(fault, headers, wait))) return;
    finish(answer, headers);
  }

  async function sendEvent(input: EventRequest) {
    const request = eventRequestSchema.parse(input);
    const email = emails.find((e) => e.id === request.emailId);
    if (!email) throw new HttpError(404, `No accepted email has the id ${request.emailId}.`);
    const url = request.webhookUrl ?? options.webhookUrl;
    if (!url) throw new HttpError(400, "Give `webhookUrl` (or start the server with one).");
    if (!options.webhookSecret) throw new HttpError(400, "The server has no webhook secret.");
    const delivery = await postSignedEvent({
      url,
      secret: options.webhookSecret,
      event: buildEmailEvent(request.type, email),
      svixId: request.svixId,
    });
    log(`event ${request.type} for ${email.id} -> ${delivery.status}`);
    return { svixId: delivery.svixId, status: delivery.status, body: delivery.responseBody };
  }

  async function autoEvents(emailId: string) {
    if (!options.webhookUrl || !options.webhookSecret) return;
    const email = emails.find((e) => e.id === emailId);
    if (!email) return;
    const part = localPart(email.to[0] ?? "");
    const final: EmailEventType = part.startsWith("bounced")
      ? "email.bounced"
      : part.startsWith("complained")
        ? "email.complained"
        : "email.delivered";
    try {
      await sendEvent({ emailId, type: "email.sent" });
      if (final === "email.complained") await sendEvent({ emailId, type: "email.delivered" });
      await sendEvent({ emailId, type: final });
    } catch (error) {
      log(`auto event for ${emailId} failed: ${(error as Error).message}`);
    }
  }

  function setRateLimit(rps: number | null) {
    limiter = rps ? new RateLimiter(rps) : null;
  }

  function reset() {
    emails = [];
    requests = [];
    idempotency.clear();
    faults.clear();
    limiter?.reset();
  }

  const handleControl = createControlHandler({
    emails: () => emails,
    requests: () => requests,
    faults,
    reset,
    setRateLimit,
    sendEvent,
  });

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const handle = async () => {
      if (path.startsWith("/_control/")) return handleControl(req, res, path);
      if (path === "/emails" || path === "/emails/batch") {
        if (req.method !== "POST") {
          return send(
            res,
            resendError(405, "method_not_allowed", "Method is not allowed for the requested path."),
          );
        }
        return handleSend(req, res, path);
      }
      send(res, resendError(404, "not_found", "The requested endpoint does not exist."));
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof HttpError)
        return send(res, { status: error.status, body: { message: error.message } });
      if (error instanceof z.ZodError || error instanceof SyntaxError) {
        return send(res, { status: 400, body: { message: error.message } });
      }
      log(`internal error: ${(error as Error).stack ?? String(error)}`);
      send(res, resendError(500, "internal_server_error", "An unexpected error occurred."));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";

  return {
    url: `http://${host}:${port}`,
    port,
    faults,
    emails: () => [...emails],
    requests: () => [...requests],
    setRateLimit,
    reset,
    sendEvent,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pendingTimers) clearTimeout(timer);
        pendingTimers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung calls would otherwise keep the server open forever.
        server.closeAllConnections();
      }),
  };
}
