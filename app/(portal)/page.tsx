import type { Metadata } from "next";
import Link from "next/link";
import { RelativeTime } from "@/app/_components/relative-time";
import { Badge } from "@/app/_components/ui/badge";
import { buttonClasses } from "@/app/_components/ui/button";
import { Card, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { db } from "@/db/client";
import { flaggedAddresses } from "@/db/queries/flagged-addresses";
import { countersOf, hourlySeries, lastWebhooks } from "@/db/queries/overview";
import { requirePortalSession } from "@/lib/auth/session";
import { NOTIFICATION_TYPE_PLURALS, NOTIFICATION_TYPES } from "@/lib/core/events";
import { readPause } from "@/lib/delivery/pause";
import { Counter } from "./_overview/counter";
import { type ChartRow, HourlyChart } from "./_overview/hourly-chart";

export const metadata: Metadata = { title: "Overview" };

const STATUS_SERIES = [
  { key: "delivered", label: "Delivered", color: "var(--ok)" },
  { key: "sent", label: "Sent, not yet confirmed", color: "var(--primary)" },
  { key: "waiting", label: "Waiting", color: "var(--muted-fg)" },
  { key: "undelivered", label: "Failed, dead, bounced or complained", color: "var(--danger)" },
];
const TYPE_COLORS = ["var(--danger)", "var(--warn)", "var(--primary)", "var(--ok)"];
const TYPE_SERIES = NOTIFICATION_TYPES.map((type, i) => ({
  key: type,
  label: NOTIFICATION_TYPE_PLURALS[type],
  color: TYPE_COLORS[i % TYPE_COLORS.length] ?? "var(--primary)",
}));

/** What needs a look, in one sentence: "2 emails did not reach their recipient; sending is paused." */
function attention(undelivered: number, paused: boolean, flagged: number): string {
  const parts = [
    undelivered
      ? `${undelivered} email${undelivered === 1 ? "" : "s"} did not reach their recipient`
      : null,
    paused ? "sending is paused" : null,
    flagged ? `${flagged} address${flagged === 1 ? " is" : "es are"} flagged` : null,
  ].filter(Boolean);
  const sentence = parts.join("; ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePortalSession();
  const accountId = session.account.id;
  const week = (await searchParams).range === "7d";
  const now = Date.now();
  const series = await hourlySeries(db, accountId, week ? 24 * 7 : 24, now);
  const day = week ? series.slice(-24) : series;
  const counters = countersOf(day);
  const last = await lastWebhooks(db, accountId);
  const pause = await readPause(db);
  const paused = pause && pause.until > now ? pause : null;
  const flagged = await flaggedAddresses(db, accountId);
  const rows = series.map((b) => ({
    hour: b.hour,
    delivered: b.byStatus.delivered,
    sent: b.byStatus.sent + b.byStatus.delivery_delayed,
    waiting: b.waiting,
    undelivered: b.byStatus.failed + b.byStatus.dead + b.byStatus.bounced + b.byStatus.complained,
    ...b.byType,
  })) as ChartRow[];

  const healthy = counters.failedOrDead === 0 && !paused && flagged.length === 0;
  return (
    <>
      <h1>Overview</h1>
      <p className="muted">{session.account.name}: the last 24 hours at a glance.</p>
      <p role="status" className="mt-2 flex flex-wrap items-center gap-2">
        {healthy ? <Badge tone="ok">All good</Badge> : <Badge tone="danger">Needs attention</Badge>}
        <span>
          {healthy
            ? "Every alert of the last 24 hours was emailed or is on its way."
            : attention(counters.failedOrDead, Boolean(paused), flagged.length)}
        </span>
      </p>

      <h2 className="sr-only">Last 24 hours</h2>
      <ul
        aria-label="Last 24 hours"
        className="m-0 mt-4 grid list-none grid-cols-2 gap-3 p-0 lg:grid-cols-4"
      >
        <Counter label="Alerts received" value={counters.received} href="/notifications" />
        <Counter
          label="Emails delivered"
          value={counters.delivered}
          href="/notifications?status=delivered"
          tone="ok"
        />
        <Counter
          label="Emails failed or dead"
          value={counters.failedOrDead}
          href="/notifications?status=undelivered"
          tone="danger"
        />
        <Counter
          label="Alerts suppressed"
          value={counters.suppressed}
          href="/notifications?status=suppressed"
        />
      </ul>

      <div className="grid gap-x-4 md:grid-cols-3">
        <Card>
          <CardTitle>Webhook</CardTitle>
          <dl className="m-0 mt-2 grid gap-1">
            <dt className="text-sm text-muted-fg">Last accepted</dt>
            <dd className="m-0">
              {last.accepted ? <RelativeTime date={last.accepted} /> : "None yet"}
            </dd>
            <dt className="text-sm text-muted-fg">Last refused</dt>
            <dd className="m-0">
              {last.refused ? (
                <>
                  <RelativeTime date={last.refused.at} /> (HTTP {last.refused.status})
                </>
              ) : (
                "None in the last 7 days"
              )}
            </dd>
          </dl>
          <p className="mb-0 mt-2 text-sm">
            <Link href="/developers/requests">Inbound request log</Link>
          </p>
        </Card>
        <Card>
          <CardTitle>Email provider</CardTitle>
          <p className="mb-0 mt-2">
            {paused ? (
              <>
                <Badge tone="warn">Paused</Badge> until <RelativeTime date={paused.until} />.
                Accepted alerts wait and are sent when it resumes.
              </>
            ) : (
              <>
                <Badge tone="ok">Sending</Badge> Emails go out as alerts arrive.
              </>
            )}
          </p>
        </Card>
        <Card>
          <CardTitle>Flagged addresses</CardTitle>
          <p className="mb-0 mt-2">
            {flagged.length === 0 ? (
              "None: every address has received mail or is still waiting."
            ) : (
              <>
                <Badge tone="danger">{flagged.length}</Badge>{" "}
                {flagged.length === 1 ? "address has" : "addresses have"} never received an email.{" "}
                <Link href="/integrations/email#flagged-heading">Review them</Link>
              </>
            )}
          </p>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Per hour</CardTitle>
          <nav aria-label="Period" className="flex gap-1">
            <Link
              href="/"
              aria-current={week ? undefined : "page"}
              className={buttonClasses({ variant: week ? "quiet" : "secondary", size: "sm" })}
            >
              24 hours
            </Link>
            <Link
              href="/?range=7d"
              aria-current={week ? "page" : undefined}
              className={buttonClasses({ variant: week ? "secondary" : "quiet", size: "sm" })}
            >
              7 days
            </Link>
          </nav>
        </CardHeader>
        <div className="grid gap-6 lg:grid-cols-2">
          <HourlyChart
            title={`Emails by delivery status, last ${week ? "7 days" : "24 hours"}`}
            rows={rows}
            series={STATUS_SERIES}
            days={week}
          />
          <HourlyChart
            title={`Alerts by type, last ${week ? "7 days" : "24 hours"}`}
            rows={rows}
            series={TYPE_SERIES}
            days={week}
          />
        </div>
      </Card>
    </>
  );
}
