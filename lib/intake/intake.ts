import crypto from "node:crypto";
import { clock } from "@/lib/core/clock";
import type { NotificationEvent } from "@/lib/core/events";
import { uuidv7 } from "@/lib/core/ids";
import { planWithPsa } from "@/lib/core/psa";
import { HOUR_MS } from "@/lib/core/reminders";
import { routeNotification } from "@/lib/core/routing";
import { followUpKey, holdOf, notificationRow } from "./notification-row";
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

async function decide(
  unit: IntakeUnit,
  account: IntakeAccount,
  input: IntakeInput,
  ctx: IntakeContext,
): Promise<IntakeResult> {
  const { event } = input;
  const payloadJson = JSON.stringify(input.payload);
  const bodyHash = crypto.hash("sha256", payloadJson, "hex");
  const key = {
    accountId: account.id,
    webhookId: input.webhookId,
    webhookIndex: input.webhookIndex ?? -1,
    type: event.type,
    eventId: event.id,
    eventStatus: event.status,
    followUpKey: followUpKey(event),
  };
  const previous = await unit.previous(key);
  if (previous) return repeatAnswer(previous, input, bodyHash);

  const organization = await unit.organization(
    account.id,
    event.organization.id,
    event.organization.name,
  );
  const settings = await unit.settings(account.id);
  const route = routeNotification(settings, {
    type: event.type,
    status: event.status,
    severity: event.severity ?? null,
    organizationId: organization.id,
    organizationName: organization.name,
  });
  const original =
    event.status === "updated" ? await unit.original(account.id, event.type, event.id) : null;
  const plan = route.suppressed
    ? {
        state: "suppressed" as const,
        suppressedReason: route.reason,
        routeReason: null,
        recipients: [],
      }
    : event.status === "updated"
      ? updatePlan(route, original)
      : withPsa(route, await unit.psa(account.id), event.type);
  const reminders = settings.types[event.type].reminders;
  const row = notificationRow(account, event, ctx, {
    id: uuidv7(),
    followsId: original?.id ?? null,
    originalSeen: original?.state === "queued",
    organizationId: organization.id,
    isTest: false,
    payloadJson,
    webhookId: input.webhookId,
    webhookIndex: key.webhookIndex,
    bodyHash,
    ...plan,
  });
  // Reminders follow the emails: an alert nobody was emailed about has nothing to remind of.
  if (event.status === "open" && reminders.enabled && plan.recipients.length > 0) {
    row.reminder = {
      anchorAt: clock.now(),
      everyMs: reminders.everyHours * HOUR_MS,
      times: reminders.times,
    };
  }
  if (!(await unit.insert(row))) {
    // A twin committed first (another instance, or the same event under a new webhook-id).
    const twin = await unit.previous(key);
    return twin
      ? repeatAnswer(twin, input, bodyHash)
      : { status: "conflict", message: "retry the request" };
  }
  if (event.status === "resolved") await unit.endReminders(account.id, event.type, event.id);
  return answerOf(storedAnswer(row), false);
}

/** The queued plan of a routed notification, with the PSA's delivery when it covers the type. */
function withPsa(
  route: Extract<ReturnType<typeof routeNotification>, { suppressed: false }>,
  psa: Awaited<ReturnType<IntakeUnit["psa"]>>,
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
    hold: holdOf(timing),
  };
}

/**
 * An update goes to the addresses the original was emailed to, so a settings change in
 * between never splits a thread; an alert Beacon never saw (or never emailed) is routed as
 * usual. Updates are email only: the PSA's ticket schema has no update, and a second
 * ticket for the same alert would be a duplicate.
 */
function updatePlan(
  route: Extract<ReturnType<typeof routeNotification>, { suppressed: false }>,
  original: Awaited<ReturnType<IntakeUnit["original"]>>,
) {
  if (original?.state === "queued" && original.emailRecipients.length === 0) {
    return {
      state: "suppressed" as const,
      suppressedReason: "The original went only to the PSA, which gets no updates",
      routeReason: null,
      recipients: [],
    };
  }
  if (original?.state === "queued") {
    return {
      state: "queued" as const,
      suppressedReason: null,
      routeReason: "Recipients of the original notification",
      recipients: original.emailRecipients,
      hold: holdOf(route.timing),
    };
  }
  return {
    state: "queued" as const,
    suppressedReason: null,
    routeReason: `${route.reason} (the original was never emailed)`,
    recipients: route.recipients,
    hold: holdOf(route.timing),
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
  return store.run(async (unit) => {
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
    await unit.insert(row);
    return answerOf(storedAnswer(row), false);
  });
}
