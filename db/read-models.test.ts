import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { intakeStoreFor } from "@/db/intake-store";
import { withConnection } from "@/db/sqlite/open";
import { DELIVERY_STATUSES } from "@/lib/core/delivery-status";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptEvent } from "@/lib/intake/intake";
import { testDb } from "@/lib/testing/db";

/*
 * The read models the triggers keep (notification_groups, recipient_status_counts) must say
 * what a count over the deliveries says, whatever sequence of status changes and deletions
 * happened, for the statuses they count (the waiting ones are left out on purpose).
 */

type Row = Record<string, unknown>;

const WAITING = "('queued', 'sending')";

function fromTriggers(db: ReturnType<typeof testDb>) {
  return withConnection(db, (sqlite) => ({
    groups: sqlite
      .prepare("select notification_id, grp, n from notification_groups order by 1, 2")
      .all() as Row[],
    counts: sqlite
      .prepare(
        "select account_id, address, status, n from recipient_status_counts order by 1, 2, 3",
      )
      .all() as Row[],
  }));
}

function recounted(db: ReturnType<typeof testDb>) {
  return withConnection(db, (sqlite) => ({
    groups: sqlite
      .prepare(
        `select d.notification_id, g.grp, count(*) as n from deliveries d
           join status_groups g on g.status = d.status
          group by 1, 2 order by 1, 2`,
      )
      .all() as Row[],
    counts: sqlite
      .prepare(
        `select account_id, lower(recipient) as address, status, count(*) as n from deliveries
          where status not in ${WAITING} group by 1, 2, 3 order by 1, 2, 3`,
      )
      .all() as Row[],
  }));
}

const change = fc.oneof(
  fc.record({
    kind: fc.constant("status" as const),
    delivery: fc.nat(),
    status: fc.constantFrom(...DELIVERY_STATUSES),
  }),
  fc.record({ kind: fc.constant("delete" as const), delivery: fc.nat() }),
);

describe("read models kept by triggers", () => {
  it("agree with a count over the deliveries after any status changes and deletions", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { maxLength: 40 }), async (changes) => {
        const db = testDb();
        const accountId = await createAccount(db, {
          name: "A",
          slug: "a",
          defaults: ["one@a.test", "Two@a.test", "three@a.test"],
        });
        for (const id of ["inc_1", "inc_2"]) {
          const event = { ...sampleEvent("incident", "open"), id };
          await acceptEvent(
            intakeStoreFor(db),
            { id: accountId, slug: "a" },
            { event, payload: event, webhookId: id },
          );
        }
        await withConnection(db, (sqlite) => {
          for (const step of changes) {
            const ids = sqlite.prepare("select id from deliveries order by id").pluck().all();
            if (ids.length === 0) break;
            const id = ids[step.delivery % ids.length];
            if (step.kind === "delete")
              sqlite.prepare("delete from deliveries where id = ?").run(id);
            else
              sqlite.prepare("update deliveries set status = ? where id = ?").run(step.status, id);
          }
        });
        expect(await fromTriggers(db)).toEqual(await recounted(db));
      }),
      { numRuns: 30 },
    );
  }, 30_000);

  it("store nothing for deliveries that are only waiting", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a", defaults: ["one@a.test"] });
    const event = sampleEvent("incident", "open");
    await acceptEvent(
      intakeStoreFor(db),
      { id: accountId, slug: "a" },
      { event, payload: event, webhookId: "w" },
    );
    const run = (statement: string) =>
      withConnection(db, (sqlite) => sqlite.prepare(statement).run());
    expect(await fromTriggers(db)).toEqual({ groups: [], counts: [] });
    await run("update deliveries set status = 'sending'");
    expect(await fromTriggers(db)).toEqual({ groups: [], counts: [] });
    await run("update deliveries set status = 'delivered'");
    expect(await fromTriggers(db)).toEqual(await recounted(db));
    expect((await fromTriggers(db)).counts).toHaveLength(1);
  });
});
