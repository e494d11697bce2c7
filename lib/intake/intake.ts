import { createHash } from "node:crypto";
import type { NotificationEvent } from "@/lib/core/events";
import { notificationHeaders } from "@/lib/core/headers";
import { uuidv7 } from "@/lib/core/ids";
import { planWithPsa } from "@/lib/core/psa";
import { routeNotification } from "@/lib/core/routing";
import { formatSubject } from "@/lib/core/subject";
import { holdWords } from "@/lib/core/timing";
import type {
  IntakeAccount,
  IntakeStore,
  IntakeUnit,
  NewNotification,
  StoredAnswer,
} from "./ports";

/**
 * The one path from a validated event to committed deliveries, shared by the webhook, the
 * batch webhook and the portal's test send: idempotency, organization, routing, subject and
 * headers, then the store's shared transaction. The email itself is rendered after the
 * commit, by the dispatcher, so the webhook's answer never waits for React.
 */

export type { IntakeAccount } from "./ports";

export type IntakeResult =
  | { status: "queued"; notificationId: string; recipients: number; duplicate: boolean }
  | { status: "suppressed"; notificationId: string; reason: string; duplicate: boolean }
  | { status: "conflict"; message: string };

export type IntakeInput = {
  event: NotificationEvent;
  /** The event as received, unknown fields included; kept with the notification. */
  payload: unknown;
  /** The caller's webhook-id, and the event's place in a batch (-1 for a single event). */
  webhookId: string | null;
  webhookIndex?: number;
};

export type IntakeContext = {
  /** The sender's domain, which names Message-IDs. */
  fromDomain?: string;
  now?: () => number;
};

function answerOf(row: StoredAnswer, duplicate: boolean): IntakeResult {
  return row.state === "suppressed"
    ? {
        status: "suppressed",
        notificationId: row.id,
        reason: row.suppressedReason ?? "",
        duplicate,
      }
    : { status: "queued", notificationId: row.id, recipients: row.recipientCount, duplicate };
}

/** A repeat of an accepted event gets the first answer; the same key with another body is refused. */
function repeatAnswer(previous: StoredAnswer, input: IntakeInput, bodyHash: string): IntakeResult {
  if (previous.bodyHash === bodyHash) return answerOf(previous, true);
  const key =
    previous.matchedBy === "webhook"
      ? `webhook-id ${input.webhookId}${(input.webhookIndex ?? -1) >= 0 ? ` (event ${input.webhookIndex})` : ""}`
      : `event ${input.event.id} (${input.event.status})`;
  return {
    status: "conflict",
    message: `${key} was already accepted with a different body; send a new id for a new event`,
  };
}

function decide(
  unit: IntakeUnit,
  account: IntakeAccount,
  input: IntakeInput,
  ctx: IntakeContext,
): IntakeResult {
  const { event } = input;
  const payloadJson = JSON.stringify(input.payload);
  const bodyHash = createHash("sha256").update(payloadJson).digest("hex");
  const key = {
    accountId: account.id,
    webhookId: input.webhookId,
    webhookIndex: input.webhookIndex ?? -1,
    type: event.type,
    eventId: event.id,
    eventStatus: event.status,
  };
  const previous = unit.previous(key);
  if (previous) return repeatAnswer(previous, input, bodyHash);

  const organization = unit.organization(
    account.id,
    event.organization.id,
    event.organization.name,
  );
  const route = routeNotification(unit.settings(account.id), {
    type: event.type,
    status: event.status,
    severity: event.severity ?? null,
    organizationId: organization.id,
    organizationName: organization.name,
  });
  const row = notificationRow(account, event, ctx, {
    id: uuidv7(),
    organizationId: organization.id,
    isTest: false,
    payloadJson,
    webhookId: input.webhookId,
    webhookIndex: key.webhookIndex,
    bodyHash,
    ...(route.suppressed
      ? { state: "suppressed", suppressedReason: route.reason, routeReason: null, recipients: [] }
      : withPsa(route, unit.psa(account.id), event.type)),
  });
  if (!unit.insert(row)) {
    // A twin committed first (another instance, or the same event under a new webhook-id).
    const twin = unit.previous(key);
    return twin
      ? repeatAnswer(twin, input, bodyHash)
      : { status: "conflict", message: "retry the request" };
  }
  return answerOf(storedAnswer(row), false);
}

/** The queued plan of a routed notification, with the PSA's delivery when it covers the type. */
function withPsa(
  route: Extract<ReturnType<typeof routeNotification>, { suppressed: false }>,
  psa: ReturnType<IntakeUnit["psa"]>,
  type: NotificationEvent["type"],
) {
  const plan = planWithPsa(route, psa, type);
  const { timing } = route;
  return {
    state: "queued" as const,
    suppressedReason: null,
    // Said only when the type is digested: why this one waits, or why it doesn't.
    routeReason:
      timing.mode === "digest" || timing.why !== "Sent immediately"
        ? `${plan.reason}; ${timing.why}`
        : plan.reason,
    recipients: plan.recipients,
    psa: plan.psa,
    hold: timing.mode === "digest" ? { until: timing.dueAt, words: holdWords(timing) } : null,
  };
}

function storedAnswer(row: NewNotification): StoredAnswer {
  return {
    id: row.id,
    bodyHash: row.bodyHash,
    state: row.state,
    suppressedReason: row.suppressedReason,
    recipientCount: row.recipients.length + (row.psa ? 1 : 0),
    matchedBy: "webhook",
  };
}

function notificationRow(
  account: IntakeAccount,
  event: NotificationEvent,
  ctx: IntakeContext,
  plan: Pick<
    NewNotification,
    | "id"
    | "organizationId"
    | "isTest"
    | "payloadJson"
    | "webhookId"
    | "webhookIndex"
    | "bodyHash"
    | "state"
    | "suppressedReason"
    | "routeReason"
    | "recipients"
    | "psa"
    | "hold"
  >,
): NewNotification {
  return {
    ...plan,
    accountId: account.id,
    organizationName: event.organization.name,
    eventId: event.id,
    type: event.type,
    eventStatus: event.status,
    severity: event.severity ?? null,
    title: event.title,
    subject: formatSubject(event, { test: plan.isTest }),
    headers: notificationHeaders(event, {
      accountId: account.id,
      notificationId: plan.id,
      isTest: plan.isTest,
      fromDomain: ctx.fromDomain,
    }),
    createdAt: (ctx.now ?? Date.now)(),
  };
}

/** Accepts events from the detection platform for an account; each is answered alone. */
export function acceptEvents(
  store: IntakeStore,
  account: IntakeAccount,
  inputs: IntakeInput[],
  ctx: IntakeContext = {},
): Promise<IntakeResult[]> {
  return Promise.all(inputs.map((input) => store.run((unit) => decide(unit, account, input, ctx))));
}

export async function acceptEvent(
  store: IntakeStore,
  account: IntakeAccount,
  input: IntakeInput,
  ctx: IntakeContext = {},
): Promise<IntakeResult> {
  const [result] = await acceptEvents(store, account, [input], ctx);
  return result as IntakeResult;
}

/**
 * A test send from the portal: the same delivery path as a real event, to the recipients
 * the admin chose, marked as a test in its subject and headers.
 */
export function acceptTestSend(
  store: IntakeStore,
  account: IntakeAccount,
  input: { event: NotificationEvent; recipients: string[]; organizationId: string | null },
  ctx: IntakeContext = {},
): Promise<IntakeResult> {
  return store.run((unit) => {
    const row = notificationRow(account, input.event, ctx, {
      id: uuidv7(),
      organizationId: input.organizationId,
      isTest: true,
      payloadJson: JSON.stringify(input.event),
      webhookId: null,
      webhookIndex: -1,
      bodyHash: null,
      state: "queued",
      suppressedReason: null,
      routeReason: "Test send",
      recipients: [...new Set(input.recipients)],
    });
    unit.insert(row);
    return answerOf(storedAnswer(row), false);
  });
}
