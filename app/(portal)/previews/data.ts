import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { listOrganizations } from "@/db/accounts/organizations";
import { type Executor, first } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { type DeliveryStatus, deliveries, notifications } from "@/db/schema";
import type { EventStatus, NotificationType } from "@/lib/core/events";
import {
  type OrganizationChoice,
  type PastNotification,
  type PreviewProblem,
  type PreviewRequest,
  type ResolvedPreview,
  resolvePreview,
  SAMPLE_SOURCE,
} from "@/lib/core/preview";
import { HOUR_MS, type ReminderFacts, reminderFacts } from "@/lib/core/reminders";
import { type RouteResult, routeNotification } from "@/lib/core/routing";

/*
 * The queries behind the preview page and its test send. Each takes the session's account id
 * and puts it in its WHERE clause: ids from the URL or a form only ever select within it.
 */

export type PastOption = {
  id: string;
  title: string;
  organizationName: string;
  createdAt: Date;
};

export type LoadedPreview = {
  request: PreviewRequest;
  organizations: OrganizationChoice[];
  pastOptions: PastOption[];
  preview: ResolvedPreview;
  route: RouteResult;
  /** What the reminder says, when the request is for the reminder form (its first one). */
  reminder: ReminderFacts | null;
  problems: PreviewProblem[];
};

// Enough to find a recent real notification; older ones are a click away on Notifications.
const PAST_OPTIONS_LIMIT = 25;

/** The account's organizations by name, as the organization picker offers them. */
export async function accountOrganizationChoices(
  db: Executor,
  accountId: string,
): Promise<OrganizationChoice[]> {
  return (await listOrganizations(db, accountId)).map(({ id, externalId, name }) => ({
    id,
    externalId,
    name,
  }));
}

/** The account's latest real (not test) notifications of one type and form. */
function pastOptions(
  db: Executor,
  accountId: string,
  type: NotificationType,
  status: EventStatus,
): Promise<PastOption[]> {
  return db
    .select({
      id: notifications.id,
      title: notifications.title,
      organizationName: notifications.organizationName,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.accountId, accountId),
        eq(notifications.type, type),
        eq(notifications.eventStatus, status),
        eq(notifications.isTest, false),
      ),
    )
    .orderBy(desc(notifications.createdAt))
    .limit(PAST_OPTIONS_LIMIT);
}

/** One notification of this account by id, a real one or a test send; null when there is none. */
async function accountNotification(
  db: Executor,
  accountId: string,
  id: string,
  isTest: boolean,
): Promise<PastNotification | null> {
  const row = await first(
    db
      .select({
        id: notifications.id,
        type: notifications.type,
        status: notifications.eventStatus,
        organizationId: notifications.organizationId,
        payload: notifications.payload,
      })
      .from(notifications)
      .where(
        and(
          eq(notifications.id, id),
          eq(notifications.accountId, accountId),
          eq(notifications.isTest, isTest),
        ),
      )
      .limit(1),
  );
  // A digest is no event: there is nothing of it to preview as a notification.
  if (!row || row.type === "digest") return null;
  return { ...row, type: row.type };
}

async function pastNotification(
  db: Executor,
  accountId: string,
  id: string,
): Promise<PastNotification | null> {
  if (id === SAMPLE_SOURCE) return null;
  // A test send's event is a sample: previewing it again would not be a past notification.
  return accountNotification(db, accountId, id, false);
}

/**
 * Everything a preview needs, for the page and for the test send alike: the event chosen from
 * the request, and where the account's current settings route it, through the one routing
 * function real sends use.
 */
export async function loadPreview(
  db: Executor,
  accountId: string,
  request: PreviewRequest,
): Promise<LoadedPreview> {
  const choices = await accountOrganizationChoices(db, accountId);
  const { preview, problems } = resolvePreview(request, {
    organizations: choices,
    past: await pastNotification(db, accountId, request.source),
  });
  const { settings } = await emailIntegration(db, accountId);
  const route = routeNotification(settings, {
    type: request.type,
    status: request.status,
    severity: preview.event.severity ?? null,
    organizationId: preview.organizationId,
    organizationName: preview.event.organization.name,
  });
  return {
    request,
    organizations: choices,
    pastOptions: await pastOptions(db, accountId, request.type, request.status),
    preview,
    route,
    reminder: request.reminder
      ? reminderFacts(1, settings.types[request.type].reminders.everyHours * HOUR_MS)
      : null,
    problems,
  };
}

export type DeliveryOutcome = {
  recipient: string;
  status: DeliveryStatus;
  lastError: string | null;
};

/** The deliveries of one test send, or null when it is not a test send of this account. */
export async function testSendOutcome(
  db: Executor,
  accountId: string,
  notificationId: string,
): Promise<DeliveryOutcome[] | null> {
  if (!(await accountNotification(db, accountId, notificationId, true))) return null;
  return db
    .select({
      recipient: deliveries.recipient,
      status: deliveries.status,
      lastError: deliveries.lastError,
    })
    .from(deliveries)
    .where(and(eq(deliveries.notificationId, notificationId), eq(deliveries.accountId, accountId)))
    .orderBy(asc(deliveries.recipient));
}
