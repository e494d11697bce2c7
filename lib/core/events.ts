import { z } from "zod";
import { type FieldIssue, fieldIssues } from "./issues";

export type { FieldIssue } from "./issues";

/**
 * The events the detection platform posts, one schema per notification type.
 * Plain TypeScript (no server imports) so the portal, the webhook route, the
 * templates and the tests all validate with the very same rules.
 */

export const NOTIFICATION_TYPES = [
  "incident",
  "escalation",
  "platform_action",
  "account_notice",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_TYPE_LABELS: Record<NotificationType, string> = {
  incident: "Incident",
  escalation: "Escalation",
  platform_action: "Platform Action",
  account_notice: "Account Notice",
};

/** Plural labels, as the Email Integration form names the types. */
export const NOTIFICATION_TYPE_PLURALS: Record<NotificationType, string> = {
  incident: "Incidents",
  escalation: "Escalations",
  platform_action: "Platform Actions",
  account_notice: "Account Notices",
};

export const SEVERITIES = ["critical", "high", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whether the type's events always carry a severity (the others may have none). */
export const SEVERITY_REQUIRED: Record<NotificationType, boolean> = {
  incident: true,
  escalation: true,
  platform_action: false,
  account_notice: false,
};

/**
 * `updated`: a comment or new findings on an event that is still open, emailed as a
 * follow-up threaded with the original. Its `updated_at` tells successive updates apart.
 */
export const EVENT_STATUSES = ["open", "resolved", "updated"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

// Text that ends up in a subject or a header must never carry CR/LF (header injection).
const NO_LINE_BREAKS = /^[^\r\n]*$/;
const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .regex(NO_LINE_BREAKS, "must be a single line");
const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const identifier = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
// The pattern is for the JSON Schema (API reference): zod's protocol check has no form there.
const httpsUrl = z
  .url({ protocol: /^https$/, error: "must be an https:// URL" })
  .max(2048)
  .meta({ pattern: "^[Hh][Tt][Tt][Pp][Ss]://", description: "an https:// URL" });
const timestamp = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" });
const severity = z.preprocess(
  (value) => (typeof value === "string" ? value.toLowerCase() : value),
  z.enum(SEVERITIES, { error: "must be one of critical, high, low" }),
);

const common = {
  id: identifier,
  status: z.enum(EVENT_STATUSES, { error: "must be open, resolved or updated" }),
  organization: z.looseObject({ id: identifier, name: oneLine(200) }),
  occurred_at: timestamp,
  title: oneLine(300),
  summary: text(5000),
  resolved_at: timestamp.optional(),
  resolution: text(5000).optional(),
  /** When this update was made; required when status is updated (it keys the update). */
  updated_at: timestamp
    .meta({ description: "when the update was made; required when status is updated" })
    .optional(),
  /** What changed: the comment or the new findings. */
  update: text(5000).optional(),
};

// An update without its time could not be told apart from the previous update's retry.
function requireUpdatedAt(
  value: { status: EventStatus; updated_at?: string },
  ctx: z.RefinementCtx,
): void {
  if (value.status === "updated" && value.updated_at === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["updated_at"],
      message: "is required when status is updated",
    });
  }
}

export const incidentEvent = z
  .looseObject({
    ...common,
    type: z.literal("incident"),
    severity,
    product: oneLine(40),
    host: oneLine(255),
    findings: text(10000).optional(),
    remediation_steps: z.array(text(2000)).max(50, "must list at most 50 steps").optional(),
    report_url: httpsUrl,
  })
  .superRefine(requireUpdatedAt);

export const escalationEvent = z
  .looseObject({
    ...common,
    type: z.literal("escalation"),
    severity,
    product: oneLine(40),
    host: oneLine(255).optional(),
    action_required: text(5000),
    if_no_response: text(5000).optional(),
    respond_url: httpsUrl,
  })
  .superRefine(requireUpdatedAt);

export const platformActionEvent = z
  .looseObject({
    ...common,
    type: z.literal("platform_action"),
    severity: severity.optional(),
    product: oneLine(40).optional(),
    action: oneLine(100),
    actor: oneLine(200),
    target: oneLine(255),
    host: oneLine(255).optional(),
    report_url: httpsUrl.optional(),
  })
  .superRefine(requireUpdatedAt);

export const accountNoticeEvent = z
  .looseObject({
    ...common,
    type: z.literal("account_notice"),
    severity: severity.optional(),
    body: text(20000),
    action_required: text(5000).optional(),
    url: httpsUrl.optional(),
  })
  .superRefine(requireUpdatedAt);

export const notificationEvent = z.discriminatedUnion(
  "type",
  [incidentEvent, escalationEvent, platformActionEvent, accountNoticeEvent],
  { error: "must be one of incident, escalation, platform_action, account_notice" },
);

export type IncidentEvent = z.infer<typeof incidentEvent>;
export type EscalationEvent = z.infer<typeof escalationEvent>;
export type PlatformActionEvent = z.infer<typeof platformActionEvent>;
export type AccountNoticeEvent = z.infer<typeof accountNoticeEvent>;
export type NotificationEvent = z.infer<typeof notificationEvent>;

export function parseNotificationEvent(
  input: unknown,
): { ok: true; event: NotificationEvent } | { ok: false; issues: FieldIssue[] } {
  const result = notificationEvent.safeParse(input);
  return result.success
    ? { ok: true, event: result.data }
    : { ok: false, issues: fieldIssues(result.error) };
}
