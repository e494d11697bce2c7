import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { RateLimitState } from "./rate-limiter";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type Answer = { status: number; body: unknown };

export function resendError(status: number, name: string, message: string): Answer {
  return { status, body: { statusCode: status, name, message } };
}

export function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function send(res: ServerResponse, answer: Answer, headers: OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

export function rateLimitHeaders(state: RateLimitState | null): OutgoingHttpHeaders {
  if (!state) return {};
  const headers: OutgoingHttpHeaders = {
    "ratelimit-limit": String(state.limit),
    "ratelimit-remaining": String(state.remaining),
    "ratelimit-reset": String(state.resetSeconds),
  };
  if (!state.allowed) headers["retry-after"] = String(state.retryAfterSeconds);
  return headers;
}

/** A control-API failure with its status (the send endpoints answer in Resend's shape instead). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
