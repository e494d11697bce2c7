import { z } from "zod";
import { ERROR_CODES } from "@/lib/api/errors";
import {
  accountNoticeEvent,
  escalationEvent,
  incidentEvent,
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPES,
  type NotificationType,
  platformActionEvent,
} from "@/lib/core/events";
import { sampleEvent } from "@/lib/core/sample-events";
import { MAX_BATCH_EVENTS, MAX_BODY_BYTES, TIMESTAMP_TOLERANCE_S } from "./inbound";

/*
 * The webhook API's OpenAPI description, generated from the very zod schemas that validate
 * requests (zod 4's JSON Schema output), with the sample events as examples: the reference
 * page and GET /api/v1/openapi.json read this, so neither can drift from the endpoint.
 */

export const EVENT_SCHEMAS: Record<NotificationType, z.ZodType> = {
  incident: incidentEvent,
  escalation: escalationEvent,
  platform_action: platformActionEvent,
  account_notice: accountNoticeEvent,
};

export type JsonSchema = {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  additionalProperties?: unknown;
  [key: string]: unknown;
};

/** What a request must look like, as JSON Schema (draft 2020-12, which OpenAPI 3.1 uses). */
export function eventJsonSchema(type: NotificationType): JsonSchema {
  // Severity is read case-insensitively (a preprocess), so the input side is described.
  return z.toJSONSchema(EVENT_SCHEMAS[type], { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** One example per type and status: the samples the previews use, valid by construction. */
export function eventExamples(type: NotificationType) {
  return {
    open: sampleEvent(type, "open"),
    resolved: sampleEvent(type, "resolved"),
  };
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: [...ERROR_CODES] },
        message: { type: "string" },
        fields: {
          type: "array",
          items: {
            type: "object",
            required: ["field", "message"],
            properties: { field: { type: "string" }, message: { type: "string" } },
          },
        },
      },
    },
  },
};

const acceptedSchema = {
  type: "object",
  required: ["id", "status", "recipients", "duplicate"],
  properties: {
    id: { type: "string", description: "The notification's id in Beacon." },
    status: { type: "string", enum: ["queued", "suppressed"] },
    reason: { type: "string", description: "Why a suppressed event is not emailed." },
    recipients: { type: "integer", minimum: 0 },
    duplicate: { type: "boolean", description: "true: the first answer to this webhook-id again." },
  },
};

/** The answers of the single-event endpoint, as the README's table lists them. */
export const ANSWERS: { status: number; code?: string; when: string }[] = [
  { status: 202, when: "Accepted: the event and one delivery per recipient are stored." },
  { status: 200, when: "Accepted, not emailed (suppressed), or a duplicate of a suppressed one." },
  { status: 400, code: "invalid_json", when: "The body is not UTF-8 JSON." },
  {
    status: 401,
    code: "unauthorized",
    when: "Missing or bad signature, a stale timestamp, or an unknown account (one answer for all).",
  },
  {
    status: 409,
    code: "conflict",
    when: "The same webhook-id, or event id and status, with a different body.",
  },
  { status: 413, code: "payload_too_large", when: `A body over ${MAX_BODY_BYTES / 1024} KB.` },
  { status: 422, code: "invalid_event", when: "Invalid fields: `fields` names each one." },
  { status: 429, code: "rate_limited", when: "Too many events this minute; see Retry-After." },
  { status: 503, code: "overloaded", when: "Beacon sheds load; retry with the same webhook-id." },
];

const signatureHeaders = [
  {
    name: "webhook-id",
    in: "header",
    required: true,
    description: "Unique per message; the idempotency key (a repeat gets the first answer).",
    schema: { type: "string", maxLength: 200 },
  },
  {
    name: "webhook-timestamp",
    in: "header",
    required: true,
    description: `Unix seconds; refused when more than ${TIMESTAMP_TOLERANCE_S / 60} minutes away.`,
    schema: { type: "string", pattern: "^\\d{1,12}$" },
  },
  {
    name: "webhook-signature",
    in: "header",
    required: true,
    description:
      'Standard Webhooks: "v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{raw body}>", keyed with the base64-decoded part of the account\'s whsec_ secret; several space-separated signatures allowed.',
    schema: { type: "string" },
  },
  {
    name: "slug",
    in: "path",
    required: true,
    description: "Your account's slug.",
    schema: { type: "string" },
  },
];

function responses(single: boolean) {
  const json = (schema: unknown) => ({ "application/json": { schema } });
  const answers = Object.fromEntries(
    ANSWERS.filter((a) => a.status >= 400).map((a) => [
      String(a.status),
      { description: a.when, content: json({ $ref: "#/components/schemas/Error" }) },
    ]),
  );
  if (!single) {
    return {
      "200": {
        description:
          "Each event answered on its own, in order, with the status it would get alone.",
        content: json({
          type: "object",
          properties: {
            results: {
              type: "array",
              items: {
                type: "object",
                properties: { index: { type: "integer" }, status: { type: "integer" }, body: {} },
              },
            },
          },
        }),
      },
      ...answers,
    };
  }
  return {
    "202": {
      description: ANSWERS[0]?.when,
      content: json({ $ref: "#/components/schemas/Accepted" }),
    },
    "200": {
      description: ANSWERS[1]?.when,
      content: json({ $ref: "#/components/schemas/Accepted" }),
    },
    ...answers,
  };
}

/** The OpenAPI 3.1 document; `origin` names the server the caller reached. */
export function openApiDocument(origin: string) {
  const schemas: Record<string, unknown> = {
    Error: errorSchema,
    Accepted: acceptedSchema,
  };
  for (const type of NOTIFICATION_TYPES) {
    const { $schema: _drop, ...schema } = eventJsonSchema(type);
    schemas[schemaName(type)] = { ...schema, title: NOTIFICATION_TYPE_LABELS[type] };
  }
  const event = {
    oneOf: NOTIFICATION_TYPES.map((type) => ({ $ref: `#/components/schemas/${schemaName(type)}` })),
    discriminator: { propertyName: "type" },
  };
  const examples = Object.fromEntries(
    NOTIFICATION_TYPES.flatMap((type) =>
      Object.entries(eventExamples(type)).map(([status, value]) => [
        `${type}_${status}`,
        { summary: `${NOTIFICATION_TYPE_LABELS[type]}, ${status}`, value },
      ]),
    ),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Beacon webhook API",
      version: "1",
      description:
        "Security alerts posted by the detection platform, signed with Standard Webhooks. Generated from the schemas that validate each request.",
    },
    servers: [{ url: origin }],
    paths: {
      "/api/v1/accounts/{slug}/notifications": {
        post: {
          operationId: "postNotification",
          summary: "Post one event",
          parameters: signatureHeaders,
          requestBody: {
            required: true,
            content: { "application/json": { schema: event, examples } },
          },
          responses: responses(true),
        },
      },
      "/api/v1/accounts/{slug}/notifications/batch": {
        post: {
          operationId: "postNotificationBatch",
          summary: `Post 1 to ${MAX_BATCH_EVENTS} events`,
          parameters: signatureHeaders,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["events"],
                  properties: {
                    events: {
                      type: "array",
                      minItems: 1,
                      maxItems: MAX_BATCH_EVENTS,
                      items: event,
                    },
                  },
                },
              },
            },
          },
          responses: responses(false),
        },
      },
    },
    components: { schemas },
  };
}

function schemaName(type: NotificationType): string {
  return `${NOTIFICATION_TYPE_LABELS[type].replace(/\s/g, "")}Event`;
}
