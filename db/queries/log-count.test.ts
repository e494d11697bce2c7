import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries } from "@/db/schema";
import { NOTIFICATION_TYPES } from "@/lib/core/events";
import { STATUS_FILTERS, type StatusFilter } from "@/lib/core/log-filters";
import { sampleEvent } from "@/lib/core/sample-events";
import { createDispatcher } from "@/lib/delivery/dispatcher";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { testDb } from "@/lib/testing/db";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import { countNotifications, listNotifications } from "./delivery-log";

/*
 * The count above the log is computed in SQL (and, for a status alone, from the filter's
 * index entries without the notifications): it must still say what the list shows.
 */
describe("the delivery log's count", () => {
  it("equals the number of listed notifications for every status and type filter", async () => {
    const db = testDb();
    const account = {
      id: await createAccount(db, { name: "A", slug: "a", defaults: ["soc@a.test", "bad@a.test"] }),
      slug: "a",
    };
    const other = await createAccount(db, { name: "B", slug: "b", defaults: ["soc@b.test"] });
    const store = intakeStoreFor(db);
    for (let i = 0; i < 24; i++) {
      const type = NOTIFICATION_TYPES[i % NOTIFICATION_TYPES.length]!;
      const event = { ...sampleEvent(type, i % 6 === 5 ? "resolved" : "open"), id: `e${i}` };
      for (const to of [account, { id: other, slug: "b" }]) {
        await acceptEvent(store, to, { event, payload: event, webhookId: `w${i}` });
      }
    }
    const dispatcher = createDispatcher({
      db,
      transport: createMailboxTransport(db),
      from: "b@beacon.test",
      render: renderContent,
      log: () => {},
    });
    await dispatcher.runOnce();
    await dispatcher.runOnce();
    await db
      .update(deliveries)
      .set({ status: "failed" })
      .where(eq(deliveries.recipient, "bad@a.test"));
    // Later events stay waiting: the dispatcher has not run since.
    for (let i = 24; i < 30; i++) {
      const event = { ...sampleEvent("incident", "open"), id: `e${i}` };
      await acceptEvent(store, account, { event, payload: event, webhookId: `w${i}` });
    }

    const statuses = [undefined, ...Object.keys(STATUS_FILTERS)] as (StatusFilter | undefined)[];
    let nonEmpty = 0;
    for (const status of statuses) {
      for (const type of [undefined, "incident" as const, "account_notice" as const]) {
        const filters = { status, type };
        const listed = await listNotifications(db, account.id, filters, {
          limit: 500,
          fold: false,
        });
        const { count, capped } = await countNotifications(db, account.id, filters);
        expect({ status, type, count }).toEqual({ status, type, count: listed.rows.length });
        expect(capped).toBe(false);
        if (count > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(8);
  });
});
