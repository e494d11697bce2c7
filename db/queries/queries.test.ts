import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first } from "@/db/client";
import { emailIntegration } from "@/db/email-integration";
import { intakeStoreFor } from "@/db/intake-store";
import {
  type DeliveryStatus,
  deliveries,
  deliveryEvents,
  integrations,
  mailboxMessages,
} from "@/db/schema";
import type { EventStatus, NotificationType } from "@/lib/core/events";
import { encodeCursor, parseCursor, parseNotificationFilters } from "@/lib/core/log-filters";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptEvent } from "@/lib/intake/intake";
import { testDb } from "@/lib/testing/db";
import { listNotifications, notificationDetail } from "./delivery-log";
import { flaggedAddresses } from "./flagged-addresses";
import { listMailbox, mailboxMessage } from "./mailbox";

type Account = { id: string; slug: string };

async function account(db: DB, slug: string, defaults: string[]): Promise<Account> {
  return { id: await createAccount(db, { name: slug, slug, defaults }), slug };
}

let counter = 0;

/** Accepts an event through the real intake path; each call is a new event id. */
async function notify(
  db: DB,
  to: Account,
  options: {
    type?: NotificationType;
    status?: EventStatus;
    organization?: { id: string; name: string };
    id?: string;
  } = {},
) {
  counter += 1;
  const event = sampleEvent(
    options.type ?? "incident",
    options.status ?? "open",
    options.organization,
  );
  event.id = options.id ?? `evt_${counter}`;
  const result = await acceptEvent(intakeStoreFor(db), to, {
    event,
    payload: { ...event, extra_field: "kept" },
    webhookId: `wh_${counter}`,
  });
  if (result.status === "conflict") throw new Error(result.message);
  return result.notificationId;
}

async function setStatus(
  db: DB,
  notificationId: string,
  recipient: string,
  status: DeliveryStatus,
  lastError: string | null = null,
  updatedAt = new Date(),
) {
  await db
    .update(deliveries)
    .set({ status, lastError, updatedAt })
    .where(and(eq(deliveries.notificationId, notificationId), eq(deliveries.recipient, recipient)));
}

async function deliveryId(db: DB, notificationId: string, recipient: string): Promise<string> {
  const row = await first(
    db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(eq(deliveries.notificationId, notificationId), eq(deliveries.recipient, recipient)),
      )
      .limit(1),
  );
  if (!row) throw new Error(`no delivery to ${recipient}`);
  return row.id;
}

const ACME = { id: "org_acme", name: "Acme Dental" };
const GLOBEX = { id: "org_globex", name: "Globex Legal" };

let db: DB;
let a: Account;
let b: Account;

beforeEach(async () => {
  db = testDb();
  a = await account(db, "a", ["soc@a.test", "oncall@a.test"]);
  b = await account(db, "b", ["soc@b.test"]);
});

describe("listNotifications", () => {
  it("lists only the account's notifications, newest first, with delivery counts", async () => {
    const first = await notify(db, a, { organization: ACME });
    const second = await notify(db, a, { type: "escalation", organization: GLOBEX });
    await notify(db, b, { organization: ACME });
    await setStatus(db, first, "soc@a.test", "delivered");
    await setStatus(db, first, "oncall@a.test", "failed", "422: invalid address");

    const page = await listNotifications(db, a.id);

    expect(page.rows.map((row) => row.id)).toEqual([second, first]);
    expect(page.next).toBeNull();
    expect(page.rows[1]?.summary).toEqual([
      { status: "delivered", count: 1 },
      { status: "failed", count: 1 },
    ]);
    expect(page.rows[0]?.summary).toEqual([{ status: "queued", count: 2 }]);
    expect(page.rows[0]).toMatchObject({
      type: "escalation",
      organizationName: "Globex Legal",
      severity: "high",
      isTest: false,
      recipientCount: 2,
    });
  });

  it("filters by type, organization and what a status means to a person", async () => {
    const incident = await notify(db, a, { organization: ACME });
    const escalation = await notify(db, a, { type: "escalation", organization: GLOBEX });
    const bounced = await notify(db, a, { organization: GLOBEX });
    await setStatus(db, bounced, "soc@a.test", "bounced", "Permanent bounce");
    await setStatus(db, incident, "soc@a.test", "delivered");
    await setStatus(db, incident, "oncall@a.test", "delivered");
    const ids = async (filters: Parameters<typeof listNotifications>[2]) =>
      (await listNotifications(db, a.id, filters)).rows.map((row) => row.id);
    const acme = (await listNotifications(db, a.id)).rows.find((row) => row.id === incident);

    expect(await ids({ type: "escalation" })).toEqual([escalation]);
    expect(await ids({ organizationId: acme?.organizationId ?? "" })).toEqual([incident]);
    expect(await ids({ status: "delivered" })).toEqual([incident]);
    expect(await ids({ status: "bounced" })).toEqual([bounced]);
    expect(await ids({ status: "undelivered" })).toEqual([bounced]);
    // A notification is waiting while any of its deliveries is.
    expect(await ids({ status: "waiting" })).toEqual([bounced, escalation]);
    expect(await ids({ status: "failed" })).toEqual([]);
    expect(await ids({ type: "incident", status: "waiting" })).toEqual([bounced]);
  });

  it("finds suppressed notifications with their reason", async () => {
    const { integration, settings } = await emailIntegration(db, a.id);
    settings.types.incident.resolved = false;
    await db.update(integrations).set({ settings }).where(eq(integrations.id, integration.id));
    await notify(db, a, { id: "inc_1" });
    const suppressed = await notify(db, a, { id: "inc_1", status: "resolved" });

    const page = await listNotifications(db, a.id, { status: "suppressed" });

    expect(page.rows.map((row) => row.id)).toEqual([suppressed]);
    expect(page.rows[0]?.state).toBe("suppressed");
    expect(page.rows[0]?.suppressedReason).toBeTruthy();
    expect(page.rows[0]?.summary).toEqual([]);
  });

  it("does not let one account's organization id reach another account's notifications", async () => {
    await notify(db, b, { organization: ACME });
    const bOrg = (await listNotifications(db, b.id)).rows[0]?.organizationId ?? "";
    await notify(db, a, { organization: ACME });

    expect((await listNotifications(db, a.id, { organizationId: bOrg })).rows).toEqual([]);
  });

  it("pages with a cursor so that every notification is shown exactly once", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push(await notify(db, a));
    const seen: string[] = [];
    let before: ReturnType<typeof parseCursor>;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listNotifications(db, a.id, {}, { before, limit: 2 });
      seen.push(...page.rows.map((row) => row.id));
      if (!page.next) break;
      before = parseCursor(encodeCursor(page.next));
    }
    expect(seen).toEqual([...created].reverse());
  });
});

describe("parseNotificationFilters and parseCursor", () => {
  it("keep known values and drop anything else", () => {
    expect(
      parseNotificationFilters({ type: "incident", status: "dead", organization: "org-1" }),
    ).toEqual({ type: "incident", status: "dead", organizationId: "org-1" });
    expect(
      parseNotificationFilters({ type: "spam", status: "toString", organization: "" }),
    ).toEqual({ type: undefined, status: undefined, organizationId: undefined });
    expect(parseNotificationFilters({ type: ["escalation", "incident"] }).type).toBe("escalation");
    expect(parseCursor("1700000000000_abc-1")).toEqual({ at: 1700000000000, id: "abc-1" });
    expect(parseCursor("1700000000000_a'b")).toBeUndefined();
    expect(parseCursor(undefined)).toBeUndefined();
  });
});

describe("notificationDetail", () => {
  it("returns deliveries with their history, oldest first, and the payload as received", async () => {
    const id = await notify(db, a, { organization: ACME });
    const failedId = await deliveryId(db, id, "oncall@a.test");
    await setStatus(db, id, "oncall@a.test", "dead", "gave up after 8 attempts");
    const start = Date.now();
    for (const [offset, status, source] of [
      [2, "dead", "dispatcher"],
      [1, "sending", "dispatcher"],
    ] as const) {
      await db.insert(deliveryEvents).values({
        id: randomUUID(),
        deliveryId: failedId,
        status,
        source,
        detail: status === "dead" ? "gave up after 8 attempts" : null,
        occurredAt: new Date(start + offset * 1000),
      });
    }

    const detail = await notificationDetail(db, a.id, id);

    expect(detail?.notification.payload).toMatchObject({ extra_field: "kept" });
    expect(detail?.deliveries.map((d) => d.recipient)).toEqual(["oncall@a.test", "soc@a.test"]);
    const failed = detail?.deliveries[0];
    expect(failed?.status).toBe("dead");
    expect(failed?.lastError).toBe("gave up after 8 attempts");
    expect(failed?.events.map((e) => e.status)).toEqual(["queued", "sending", "dead"]);
    expect(detail?.deliveries[1]?.events.map((e) => e.status)).toEqual(["queued"]);
  });

  it("finds nothing for another account's notification", async () => {
    const id = await notify(db, b);
    expect(await notificationDetail(db, a.id, id)).toBeNull();
    expect(await notificationDetail(db, b.id, id)).not.toBeNull();
  });
});

describe("flaggedAddresses", () => {
  it("flags an address only when every delivery to it that ended did not arrive", async () => {
    const n1 = await notify(db, a);
    const n2 = await notify(db, a);
    const n3 = await notify(db, a);
    const t0 = Date.now();
    await setStatus(db, n1, "oncall@a.test", "bounced", "Permanent bounce", new Date(t0));
    await setStatus(db, n2, "oncall@a.test", "failed", "422: invalid `to`", new Date(t0 + 1000));
    // Not ended yet: neither clears nor adds to the flag.
    await setStatus(db, n3, "oncall@a.test", "queued");
    await setStatus(db, n1, "soc@a.test", "bounced", "Mailbox full", new Date(t0));
    await setStatus(db, n2, "soc@a.test", "delivered");

    const flagged = await flaggedAddresses(db, a.id);

    expect(flagged).toEqual([
      {
        address: "oncall@a.test",
        deliveries: 2,
        counts: [
          { status: "bounced", count: 1 },
          { status: "failed", count: 1 },
        ],
        lastStatus: "failed",
        lastReason: "422: invalid `to`",
        lastAt: new Date(t0 + 1000),
      },
    ]);
  });

  it("treats an address in other case as the same address", async () => {
    const n1 = await notify(db, a);
    await setStatus(db, n1, "soc@a.test", "bounced", "Permanent bounce");
    await db
      .update(deliveries)
      .set({ recipient: "SOC@A.test" })
      .where(and(eq(deliveries.notificationId, n1), eq(deliveries.recipient, "soc@a.test")));
    const n2 = await notify(db, a);
    await setStatus(db, n2, "soc@a.test", "delivered");
    await setStatus(db, n2, "oncall@a.test", "failed", "422");

    expect((await flaggedAddresses(db, a.id)).map((f) => f.address)).toEqual(["oncall@a.test"]);
  });

  it("does not flag an address with nothing ended yet, and never mixes accounts", async () => {
    const na = await notify(db, a);
    expect(await flaggedAddresses(db, a.id)).toEqual([]);

    const nb = await notify(db, b);
    await setStatus(db, nb, "soc@b.test", "dead", "gave up");
    await setStatus(db, na, "soc@a.test", "complained", "The recipient marked it as spam.");

    expect((await flaggedAddresses(db, a.id)).map((f) => f.address)).toEqual(["soc@a.test"]);
    expect((await flaggedAddresses(db, b.id)).map((f) => [f.address, f.lastReason])).toEqual([
      ["soc@b.test", "gave up"],
    ]);
  });
});

describe("the mailbox", () => {
  async function store(accountId: string, delivery: string, subject: string, at: Date) {
    const id = randomUUID();
    await db.insert(mailboxMessages).values({
      id,
      accountId,
      deliveryId: delivery,
      from: "Beacon <alerts@beacon.test>",
      to: "soc@a.test",
      subject,
      html: "<p>hi</p>",
      text: "hi",
      headers: { "Auto-Submitted": "auto-generated" },
      createdAt: at,
    });
    return id;
  }

  it("lists the account's messages newest first and opens one with its notification", async () => {
    const na = await notify(db, a);
    const nb = await notify(db, b);
    const t0 = Date.now();
    const older = await store(a.id, await deliveryId(db, na, "soc@a.test"), "older", new Date(t0));
    const newer = await store(
      a.id,
      await deliveryId(db, na, "oncall@a.test"),
      "newer",
      new Date(t0 + 5),
    );
    const other = await store(
      b.id,
      await deliveryId(db, nb, "soc@b.test"),
      "other",
      new Date(t0 + 9),
    );

    expect((await listMailbox(db, a.id)).rows.map((row) => row.id)).toEqual([newer, older]);
    const paged = await listMailbox(db, a.id, { limit: 1 });
    expect(paged.rows.map((row) => row.id)).toEqual([newer]);
    expect(
      (await listMailbox(db, a.id, { before: paged.next ?? undefined })).rows.map((row) => row.id),
    ).toEqual([older]);

    expect(await mailboxMessage(db, a.id, older)).toMatchObject({
      subject: "older",
      notificationId: na,
      headers: { "Auto-Submitted": "auto-generated" },
    });
    expect(await mailboxMessage(db, a.id, other)).toBeNull();
  });
});
