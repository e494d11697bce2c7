import { beforeEach, describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import type { DB } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import type { EventStatus, NotificationType } from "@/lib/core/events";
import { parseNotificationFilters } from "@/lib/core/log-filters";
import { sampleEvent } from "@/lib/core/sample-events";
import { renderPending } from "@/lib/delivery/render-pending";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { testDb } from "@/lib/testing/db";
import { countNotifications, listNotifications } from "./delivery-log";

type Account = { id: string; slug: string };
const DAY = 86_400_000;
const TODAY = Date.UTC(2026, 11, 2);
let db: DB;
let a: Account;
let b: Account;
let counter = 0;

async function notify(
  to: Account,
  options: {
    host?: string;
    title?: string;
    id?: string;
    type?: NotificationType;
    status?: EventStatus;
    at?: number;
  } = {},
) {
  counter += 1;
  const event = sampleEvent(options.type ?? "incident", options.status ?? "open") as Record<
    string,
    unknown
  >;
  event.id = options.id ?? `evt_${counter}`;
  if (options.host) event.host = options.host;
  if (options.title) event.title = options.title;
  const result = await acceptEvent(
    intakeStoreFor(db),
    to,
    { event: event as never, payload: event, webhookId: `wh_${counter}` },
    { now: () => options.at ?? TODAY + 9 * 3_600_000 + counter },
  );
  if (result.status === "conflict") throw new Error(result.message);
  // The counts and the search document are written when the dispatcher renders the email.
  await renderPending(db, renderContent, () => {});
  return result.notificationId;
}

const ids = async (filters: Record<string, string>) =>
  (await listNotifications(db, a.id, parseNotificationFilters(filters))).rows.map((row) => row.id);

beforeEach(async () => {
  db = testDb();
  a = {
    id: await createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test"] }),
    slug: "a",
  };
  b = {
    id: await createAccount(db, { name: "B", slug: "b", defaults: ["soc@b.test"] }),
    slug: "b",
  };
});

describe("the delivery log's search", () => {
  it("finds an alert by its host, a part of it, its title, its event id or a recipient, in the account only", async () => {
    const web = await notify(a, { host: "web-01.acme.local", title: "Ransomware detected" });
    const db01 = await notify(a, { host: "DB-01", title: "Credential dumping", id: "inc_7781" });
    await notify(b, { host: "web-01.acme.local" });

    expect(await ids({ q: "web-01.acme.local" })).toEqual([web]);
    expect(await ids({ q: "WEB-01" })).toEqual([web]);
    expect(await ids({ q: "acme.local" })).toEqual([web]);
    expect(await ids({ q: "ransom" })).toEqual([web]); // a prefix of a word
    expect(await ids({ q: "credential db-01" })).toEqual([db01]); // every word must match
    expect(await ids({ q: "inc_7781" })).toEqual([db01]);
    expect(await ids({ q: "soc@a.test" })).toEqual([db01, web]);
    expect(await ids({ q: "nothing-like-it" })).toEqual([]);
    // Operators typed by a person are words, not FTS syntax.
    expect(await ids({ q: 'web" OR "db' })).toEqual([]);
    expect(await countNotifications(db, a.id, parseNotificationFilters({ q: "01" }))).toEqual({
      count: 2,
      capped: false,
    });
  });

  it("filters by a range of UTC days, both ends included, and counts the total", async () => {
    const yesterday = await notify(a, { at: TODAY - DAY + 1 });
    const today = await notify(a, { at: TODAY + 1 });
    const tomorrow = await notify(a, { at: TODAY + DAY + 5 });
    expect(await ids({ from: "2026-12-02", to: "2026-12-02" })).toEqual([today]);
    expect(await ids({ from: "2026-12-02" })).toEqual([tomorrow, today]);
    expect(await ids({ to: "2026-12-02" })).toEqual([today, yesterday]);
    expect(await ids({ from: "2026-13-45" })).toHaveLength(3); // not a day: no filter
    expect(
      (await countNotifications(db, a.id, parseNotificationFilters({ to: "2026-12-02" }))).count,
    ).toBe(2);
    expect(
      (
        await countNotifications(
          db,
          a.id,
          parseNotificationFilters({ status: "waiting", from: "2026-12-03" }),
        )
      ).count,
    ).toBe(1);
  });
});

describe("one row per alert", () => {
  it("folds the open event into its resolution, with both events linked", async () => {
    const open = await notify(a, { id: "inc_1", host: "HOST-9", at: TODAY + 1_000 });
    const other = await notify(a, { id: "inc_2", at: TODAY + 2_000 });
    const resolved = await notify(a, { id: "inc_1", status: "resolved", at: TODAY + 3_000 });

    const page = await listNotifications(db, a.id);
    expect(page.rows.map((row) => row.id)).toEqual([resolved, other]);
    expect(page.rows[0]?.alert.map((e) => [e.id, e.eventStatus])).toEqual([
      [open, "open"],
      [resolved, "resolved"],
    ]);
    expect(page.rows[1]?.alert.map((e) => e.eventStatus)).toEqual(["open"]);
    // A status filter is about deliveries: each event keeps its row.
    expect(await ids({ status: "waiting" })).toEqual([resolved, other, open]);
    // The resolution outside the range: the open event is listed alone, knowing its future.
    const before = await listNotifications(db, a.id, { to: TODAY + 2_500 });
    expect(before.rows.map((row) => row.id)).toEqual([other, open]);
    expect(before.rows[1]?.alert.at(-1)?.eventStatus).toBe("resolved");
  });
});
