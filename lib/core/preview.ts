import {
  EVENT_STATUSES,
  type EventStatus,
  NOTIFICATION_TYPE_LABELS,
  NOTIFICATION_TYPES,
  type NotificationEvent,
  type NotificationType,
  parseNotificationEvent,
} from "./events";
import { sampleEvent } from "./sample-events";

/*
 * What the portal's email preview and its test send agree on: which event to render and
 * which organization to route for, chosen from what the admin picked. Plain TypeScript (no
 * database, no Next) so the page and the server action resolve a choice identically, and
 * the rules are unit-tested. Anything that came from a URL or a form is treated as
 * untrusted: it only ever selects among what the caller loaded for the session's account.
 */

export const SAMPLE_SOURCE = "sample";

/** The preview form that shows Beacon's reminder of an open alert (not an event status). */
export const REMINDER_FORM = "reminder";

/** A preview request as it arrives in the URL or a form, before it is checked. */
export type PreviewRequest = {
  type: NotificationType;
  status: EventStatus;
  /** The open event as Beacon's reminder of it (`?status=reminder`). */
  reminder?: boolean;
  /** `sample`, or the id of one of the account's past notifications. */
  source: string;
  /** organizations.id chosen by the admin, or "" for the default. */
  organizationId: string;
};

/** A problem with one field of the request, worded for the person who made it. */
export type PreviewProblem = { field: keyof PreviewRequest; message: string };

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

function isType(value: string): value is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(value);
}

function isStatus(value: string): value is EventStatus {
  return (EVENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Reads `?type=&status=&source=&org=` leniently: a missing value takes its default, an
 * unknown one takes its default and is reported, so a stale link still shows a preview.
 */
export function readPreviewParams(params: SearchParams): {
  request: PreviewRequest;
  problems: PreviewProblem[];
} {
  const problems: PreviewProblem[] = [];
  const rawType = first(params.type);
  const rawStatus = first(params.status);
  let type: NotificationType = "incident";
  if (isType(rawType)) type = rawType;
  else if (rawType)
    problems.push({ field: "type", message: "Unknown notification type: showing an Incident." });
  let status: EventStatus = "open";
  if (isStatus(rawStatus)) status = rawStatus;
  else if (rawStatus && rawStatus !== REMINDER_FORM)
    problems.push({ field: "status", message: "Unknown form: showing the open form." });
  return {
    request: {
      type,
      status,
      ...(rawStatus === REMINDER_FORM ? { reminder: true } : {}),
      source: first(params.source).slice(0, 200) || SAMPLE_SOURCE,
      organizationId: first(params.org).slice(0, 200),
    },
    problems,
  };
}

/** One of the account's past notifications, as loaded for the session's account. */
export type PastNotification = {
  id: string;
  type: NotificationType;
  status: EventStatus;
  organizationId: string | null;
  payload: Record<string, unknown>;
};

export type OrganizationChoice = { id: string; externalId: string; name: string };

export type ResolvedPreview = {
  /** The event to render: a sample or a past notification's, with the chosen organization. */
  event: NotificationEvent;
  /** organizations.id to route for, or null when the account has no matching organization. */
  organizationId: string | null;
  /** The notification the event came from, or null for sample data. */
  sourceNotificationId: string | null;
};

/**
 * Picks the organization: the requested one when it is the account's; otherwise, for a past
 * notification, its own (null when that organization is gone, so the event keeps the name
 * it was sent with); for sample data, the account's first. `organizations` must already be
 * the session's account's, so an id of another account is simply not found.
 */
export function chooseOrganization(
  organizations: readonly OrganizationChoice[],
  requestedId: string,
  fallback: { pastOrganizationId: string | null } | "first",
): { organization: OrganizationChoice | null; problem: PreviewProblem | null } {
  const byId = (id: string | null) => (id ? organizations.find((org) => org.id === id) : undefined);
  const requested = byId(requestedId);
  if (requested) return { organization: requested, problem: null };
  const fallbackOrganization =
    fallback === "first" ? organizations[0] : byId(fallback.pastOrganizationId);
  const problem: PreviewProblem | null = requestedId
    ? { field: "organizationId", message: "That organization is not one of this account's." }
    : null;
  return { organization: fallbackOrganization ?? null, problem };
}

/**
 * The event and routing organization for a request. `past` is the account's notification
 * the request names (looked up by the caller within the account), or null when none matched.
 * A past notification of another type or form, or one whose stored event no longer
 * validates, is refused with a problem and sample data is used instead.
 */
export function resolvePreview(
  request: PreviewRequest,
  context: { organizations: readonly OrganizationChoice[]; past: PastNotification | null },
): { preview: ResolvedPreview; problems: PreviewProblem[] } {
  const problems: PreviewProblem[] = [];
  const label = NOTIFICATION_TYPE_LABELS[request.type];
  let pastEvent: NotificationEvent | null = null;
  let past: PastNotification | null = null;

  if (request.source !== SAMPLE_SOURCE) {
    const candidate = context.past;
    if (!candidate || candidate.id !== request.source) {
      problems.push({
        field: "source",
        message: `That notification is not one of this account's: showing sample data.`,
      });
    } else if (candidate.type !== request.type || candidate.status !== request.status) {
      problems.push({
        field: "source",
        message: `That notification is not a ${request.status} ${label}: showing sample data.`,
      });
    } else {
      const parsed = parseNotificationEvent(candidate.payload);
      if (parsed.ok) {
        pastEvent = parsed.event;
        past = candidate;
      } else {
        const fields = parsed.issues.map((issue) => issue.field).join(", ");
        problems.push({
          field: "source",
          message: `That notification's stored event no longer validates (${fields}): showing sample data.`,
        });
      }
    }
  }

  const { organization, problem } = chooseOrganization(
    context.organizations,
    request.organizationId,
    past ? { pastOrganizationId: past.organizationId } : "first",
  );
  if (problem) problems.push(problem);

  const event: NotificationEvent = pastEvent
    ? structuredClone(pastEvent)
    : sampleEvent(request.type, request.status);
  if (organization) event.organization = { id: organization.externalId, name: organization.name };

  return {
    preview: {
      event,
      // With no organization of the account to use, the event keeps its own (made up for a
      // sample, gone for a past notification), which no rule can name: account-level routing.
      organizationId: organization?.id ?? null,
      sourceNotificationId: past?.id ?? null,
    },
    problems,
  };
}
