import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { openDatabase } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { releaseHeld } from "@/db/held-deliveries";
import { createRefusalRecorder } from "@/db/inbound-refusals";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries, integrations } from "@/db/schema";
import { sqliteOf, withConnection } from "@/db/sqlite/open";
import { sampleEvent } from "@/lib/core/sample-events";
import { createDigestSchedule } from "@/lib/delivery/digests";
import { createDispatcher } from "@/lib/delivery/dispatcher";
import { requeueDeliveries } from "@/lib/delivery/requeue";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent, renderDigestContent } from "@/lib/render/render";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import {
  countNotifications,
  failedDeliveries,
  listNotifications,
  matchingIds,
  notificationDetail,
} from "./delivery-log";
import { flaggedAddresses } from "./flagged-addresses";
import { inboundLog } from "./inbound-log";
import { listMailbox, mailboxMessage } from "./mailbox";
import { hourlySeries, lastWebhooks } from "./overview";

/*
 * The hot queries must stay on indexes: a plan that scans a table whose size grows with
 * the notifications (or sorts all of an account's rows) can't come back unnoticed. Every
 * statement the intake, the dispatcher and the delivery log's pages prepare is recorded,
 * then its EXPLAIN QUERY PLAN is checked.
 */

const GROWING = [
  "notifications",
  "deliveries",
  "delivery_events",
  "notification_groups",
  "mailbox_messages",
  "hourly_counts",
  "inbound_refusals",
];
const SCANS = new RegExp(`\\bSCAN (${GROWING.join("|")})\\b`);
// A text search sorts only its matches, of which it reads at most SEARCH_MATCH_LIMIT.
const BOUNDED_SORT = /\bnotification_search\b/;
// A partial index holding only the rows still to render stays small whatever the table's size.
const SMALL_PARTIAL_INDEX = /USING INDEX notifications_unrendered_idx/;
// Looking rows up by the account alone reads all of its rows, unless a LIMIT stops the walk.
const BY_ACCOUNT_ONLY = new RegExp(
  `SEARCH (${GROWING.join("|")}) USING (COVERING )?INDEX \\w+ \\(account_id=\\?\\)$`,
);

/** Nulls for every parameter: a plan does not depend on the values bound. */
function unboundParameters(source: string): unknown[] {
  const named = [...source.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1] as string);
  if (named.length) return [Object.fromEntries(named.map((name) => [name, null]))];
  return Array.from(source.matchAll(/\?/g), () => null);
}

describe("query plans of the hot paths", () => {
  it("never scan a table that grows with the notifications", async () => {
    const db = openDatabase(":memory:");
    const client = sqliteOf(db).$client;
    const prepared = new Set<string>();
    const prepare = client.prepare.bind(client);
    let recording = true;
    client.prepare = ((source: string) => {
      if (recording) prepared.add(source);
      try {
        return prepare(source);
      } catch (error) {
        throw new Error(`${(error as Error).message}: ${source}`);
      }
    }) as typeof client.prepare;

    const accountId = await createAccount(db, {
      name: "A",
      slug: "a",
      defaults: ["soc@a.test", "bad@a.test"],
    });
    const account = { id: accountId, slug: "a" };
    const store = intakeStoreFor(db);
    let notificationId = "";
    for (let i = 0; i < 5; i++) {
      const event = { ...sampleEvent("incident", "open"), id: `inc_${i}` };
      const result = await acceptEvent(store, account, {
        event,
        payload: event,
        webhookId: `w${i}`,
      });
      if (result.status === "queued") notificationId = result.notificationId;
    }
    // Account Notices wait for an hourly digest: the held path and the digest scheduler too.
    recording = false;
    const email = await emailIntegration(db, accountId);
    email.settings.types.account_notice.delivery = "hourly";
    await db
      .update(integrations)
      .set({ settings: email.settings })
      .where(eq(integrations.id, email.integration.id));
    recording = true;
    for (let i = 0; i < 2; i++) {
      const event = { ...sampleEvent("account_notice", "open"), id: `ntc_${i}` };
      await acceptEvent(store, account, { event, payload: event, webhookId: `n${i}` });
    }
    const digests = createDigestSchedule({ db, render: renderDigestContent, log: () => {} });
    const dispatcher = createDispatcher({
      db,
      transport: createMailboxTransport(db),
      from: "b@beacon.test",
      render: renderContent,
      log: () => {},
      schedules: [digests],
    });
    await dispatcher.runOnce();
    await digests.nextDueAt();
    expect(await digests.runDue(Date.now() + 2 * 3_600_000)).toBe(2);
    await releaseHeld(db, {
      accountId,
      slot: Date.now(),
      heldFor: "by a maintenance window",
      now: 0,
    });
    await dispatcher.runOnce();
    recording = false; // the test's own set-up below is not a product query
    await db
      .update(deliveries)
      .set({ status: "failed" })
      .where(eq(deliveries.recipient, "bad@a.test"));
    const failed = await db.select().from(deliveries).where(eq(deliveries.recipient, "bad@a.test"));
    recording = true;
    await requeueDeliveries(db, {
      accountId,
      notificationId: failed[0]?.notificationId ?? "",
      deliveryIds: failed.slice(0, 1).map((d) => d.id),
      actor: "admin@a.test",
    });

    for (const status of [
      undefined,
      "waiting",
      "held",
      "digested",
      "delivered",
      "undelivered",
      "failed",
      "suppressed",
    ] as const) {
      await listNotifications(db, accountId, { status }, { limit: 2 });
      await listNotifications(db, accountId, { status, type: "incident" }, { limit: 2 });
    }
    const day = { from: Date.now() - 86_400_000, to: Date.now() + 86_400_000 };
    for (const filters of [
      { q: "ransomware" },
      { q: "soc@a.test" },
      { q: "web-01", status: "failed" as const, ...day },
      { q: "x", status: "suppressed" as const },
      { ...day },
      { status: "delivered" as const, ...day },
    ]) {
      await listNotifications(db, accountId, filters, { limit: 2 });
      await countNotifications(db, accountId, filters);
    }
    await countNotifications(db, accountId, {});
    await failedDeliveries(
      db,
      accountId,
      await matchingIds(db, accountId, { status: "failed" }, 200),
    );
    const page = await listNotifications(db, accountId, {}, { limit: 2 });
    if (page.next) await listNotifications(db, accountId, {}, { before: page.next, limit: 2 });
    await notificationDetail(db, accountId, notificationId);
    expect((await flaggedAddresses(db, accountId)).map((f) => f.address)).toEqual(["bad@a.test"]);
    const mailbox = await listMailbox(db, accountId, { limit: 2 });
    if (mailbox.rows[0]) await mailboxMessage(db, accountId, mailbox.rows[0].id);

    await hourlySeries(db, accountId, 24 * 7);
    await lastWebhooks(db, accountId);
    const recorder = createRefusalRecorder(db, { maxRowsPerAccount: 1 });
    for (const webhookId of ["r1", "r2"]) {
      recorder.record({
        accountId,
        webhookId,
        endpoint: "single",
        status: 401,
        code: "unauthorized",
        message: "bad signature",
        fields: [],
        at: Date.now(),
      });
    }
    await recorder.flush();
    for (const outcome of [undefined, "accepted", "refused"] as const) {
      const log = await inboundLog(db, accountId, { outcome, limit: 1 });
      if (log.next) await inboundLog(db, accountId, { outcome, before: log.next, limit: 1 });
    }

    const offenders: string[] = [];
    await withConnection(db, () => {
      for (const source of prepared) {
        if (!/^\s*(select|update|delete|insert|with)\b/i.test(source)) continue;
        const plan = prepare(`EXPLAIN QUERY PLAN ${source}`)
          .all(...unboundParameters(source))
          .map((row) => (row as { detail: string }).detail);
        const sorted =
          /\blimit\b/i.test(source) &&
          !BOUNDED_SORT.test(source) &&
          plan.some((line) => /TEMP B-TREE FOR ORDER BY/.test(line));
        const limited = /\blimit\b/i.test(source);
        const scans = plan.some(
          (line) =>
            (SCANS.test(line) && !SMALL_PARTIAL_INDEX.test(line)) ||
            (BY_ACCOUNT_ONLY.test(line) && !limited),
        );
        if (scans || sorted) {
          offenders.push(
            `${source.replace(/\s+/g, " ").slice(0, 300)}\n    ${plan.join("\n    ")}`,
          );
        }
      }
    });
    expect(prepared.size).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
