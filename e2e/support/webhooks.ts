import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { E2E } from "./env";

export const CONTRACT_EVENTS_DIR = path.resolve(__dirname, "../../docs/events");

/** One of the platform's example events from docs/events, as a fresh object. */
export function contractEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(CONTRACT_EVENTS_DIR, `${name}.json`), "utf8"));
}

/** The example event with fresh ids, so that each test's events are its own. */
export function uniqueEvent(
  name: string,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  const event = contractEvent(name);
  return { ...event, id: `${String(event.id)}_${randomUUID().slice(0, 8)}`, ...changes };
}

export type SignOptions = { webhookId?: string; timestamp?: Date; secret?: string };

/** Standard Webhooks headers for a raw body. */
export function signedHeaders(secret: string, body: string, options: SignOptions = {}) {
  const webhookId = options.webhookId ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  return {
    "content-type": "application/json",
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(webhookId, timestamp, body),
  };
}

/** What the tests read of an answer (the shape of Playwright's APIResponse). */
export type Answer = {
  status(): number;
  headers(): Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes, as Playwright's json() does.
  json(): Promise<any>;
  text(): Promise<string>;
};

/**
 * POSTs a signed event (or batch) to an account's inbound webhook. Plain fetch, not
 * Playwright's request context, because the bytes must be exactly the ones signed, even
 * when they are not JSON.
 */
export async function postSigned(
  slug: string,
  secret: string,
  payload: unknown,
  options: SignOptions & { batch?: boolean; rawBody?: string; baseURL?: string } = {},
): Promise<Answer> {
  const body = options.rawBody ?? JSON.stringify(payload);
  const url = `${options.baseURL ?? E2E.baseURL}/api/v1/accounts/${slug}/notifications${options.batch ? "/batch" : ""}`;
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: signedHeaders(options.secret ?? secret, body, options),
  });
  const text = await response.text();
  return {
    status: () => response.status,
    headers: () => Object.fromEntries(response.headers),
    json: async () => JSON.parse(text),
    text: async () => text,
  };
}
