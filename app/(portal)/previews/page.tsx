import type { Metadata } from "next";
import Link from "next/link";
import { CARD_CLASSES } from "@/app/_components/ui/card";
import { noticeClasses } from "@/app/_components/ui/notice";
import { db } from "@/db/client";
import { isAdmin, requirePortalSession } from "@/lib/auth/session";
import { formatWhen } from "@/lib/core/dates";
import { NOTIFICATION_TYPE_LABELS } from "@/lib/core/events";
import { readPreviewParams, SAMPLE_SOURCE } from "@/lib/core/preview";
import { emailFrom, senderDomain } from "@/lib/delivery/sender";
import { renderNotification } from "@/lib/render/render";
import { loadPreview } from "./data";
import { EmailPreview, WhoWouldReceive } from "./email-preview";
import { PreviewPicker } from "./preview-picker";
import { SendTestForm } from "./send-test-form";

export const metadata: Metadata = { title: "Email previews" };

// A sample has no notification yet: its id is given when it is accepted.
const PREVIEW_NOTIFICATION_ID = "(assigned when sent)";

export default async function PreviewsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortalSession();
  const { request, problems: paramProblems } = readPreviewParams(await searchParams);
  const loaded = await loadPreview(db, session.account.id, request);
  const { preview, route } = loaded;
  const problems = [...paramProblems, ...loaded.problems];
  const source = preview.sourceNotificationId ?? SAMPLE_SOURCE;

  // The one renderer real sends use, with the account's own context, so subject, headers,
  // HTML and text are the bytes a real notification of this event would carry.
  const rendered = await renderNotification(
    preview.event,
    {
      accountId: session.account.id,
      notificationId: preview.sourceNotificationId ?? PREVIEW_NOTIFICATION_ID,
      fromDomain: senderDomain(),
    },
    loaded.reminder ?? undefined,
  );
  const form = request.reminder
    ? "reminder of an open "
    : { open: "", updated: "update of an open ", resolved: "resolved " }[request.status];
  const kind = `${form}${NOTIFICATION_TYPE_LABELS[request.type]}`;

  return (
    <>
      <h1>Email previews</h1>
      <p className="text-muted-fg">
        Each email exactly as Beacon sends it, from sample data or from one of your past
        notifications, and who would receive it today. The{" "}
        <Link href="/previews/digest">digest email</Link> has a preview of its own.
      </p>

      {/* The email first; on a wide screen, what to preview, who gets it and Send test beside it. */}
      <div className="mt-4 grid items-start gap-x-6 lg:grid-cols-[minmax(0,1fr)_20rem] xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0">
          {problems.length > 0 ? (
            <div className={noticeClasses("warn", "mb-4")} role="alert">
              <ul>
                {problems.map((problem) => (
                  <li key={`${problem.field}:${problem.message}`}>{problem.message}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <p className="mt-0 mb-3">
            Previewing the {kind} email for <strong>{preview.event.organization.name}</strong>, from{" "}
            {preview.sourceNotificationId ? (
              <Link href={`/notifications/${preview.sourceNotificationId}`}>
                a past notification
              </Link>
            ) : (
              "sample data"
            )}
            .
          </p>
          <EmailPreview
            rendered={rendered}
            from={emailFrom()}
            notificationIdNote={
              preview.sourceNotificationId
                ? "Rendered again from the notification's stored event with today's templates."
                : "X-Beacon-Notification-Id is the notification's id, given when it is accepted. A test send gets its own Message-ID and X-Beacon-Test: true, so it never joins a real thread."
            }
          />
        </div>
        <aside className="mt-6 min-w-0 lg:mt-0" aria-label="Preview controls">
          <PreviewPicker
            request={request}
            source={source}
            pastOptions={loaded.pastOptions.map((past) => ({
              value: past.id,
              label: `${past.title} (${past.organizationName}), ${formatWhen(past.createdAt)}`,
            }))}
            organizations={loaded.organizations.map((org) => ({ value: org.id, label: org.name }))}
            organizationId={preview.organizationId ?? ""}
            organizationName={preview.event.organization.name}
          />
          <WhoWouldReceive
            route={route}
            organizationName={preview.event.organization.name}
            followUp={
              request.reminder ? "reminder" : request.status === "updated" ? "update" : undefined
            }
          />
          {request.reminder ? (
            // A test send is one notification of an event; reminders come only from the schedule.
            <p className="text-muted-fg">
              Reminders are sent by Beacon&apos;s schedule while an alert stays open; choose the
              open form to send a test.
            </p>
          ) : isAdmin(session) ? (
            <section className={CARD_CLASSES} aria-labelledby="send-test-heading">
              <h2 id="send-test-heading" className="mt-0">
                Send test
              </h2>
              <SendTestForm
                key={`${request.type}:${request.status}:${source}:${preview.organizationId ?? ""}`}
                type={request.type}
                status={request.status}
                source={source}
                organizationId={preview.organizationId ?? ""}
                routed={route.suppressed ? null : route.recipients}
              />
            </section>
          ) : (
            <p className="text-muted-fg">Account Admins can send this email as a test from here.</p>
          )}
        </aside>
      </div>
    </>
  );
}
