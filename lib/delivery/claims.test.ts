import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries, dispatchBatches } from "@/db/schema";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { testDb } from "@/lib/testing/db";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import { claimNewBatch } from "./claims";
import { renderPending } from "./render-pending";

describe("claimNewBatch", () => {
  it("builds the request before the lock, and again under it when another claim took those deliveries meanwhile", async () => {
    const db = testDb();
    const account = {
      id: await createAccount(db, {
        name: "A",
        slug: "a",
        defaults: ["one@a.test", "two@a.test", "three@a.test"],
      }),
      slug: "a",
    };
    const event = sampleEvent("incident", "open");
    await acceptEvent(intakeStoreFor(db), account, { event, payload: event, webhookId: "w1" });
    await renderPending(db, renderContent, () => {});
    const transport = { ...createMailboxTransport(db), maxBatchSize: 2 };
    const now = Date.now() + 1_000;

    // Another dispatcher claims between this one's draft and its write transaction.
    const transaction = db.transaction.bind(db);
    let other: Awaited<ReturnType<typeof claimNewBatch>> = null;
    let interleaved = false;
    db.transaction = (async (fn, options) => {
      if (!interleaved) {
        interleaved = true;
        other = await claimNewBatch({ db, owner: "B", leaseMs: 60_000 }, transport, "b@x", now);
      }
      return transaction(fn, options);
    }) as typeof db.transaction;
    const mine = await claimNewBatch({ db, owner: "A", leaseMs: 60_000 }, transport, "b@x", now);
    db.transaction = transaction;

    const theirs = other as Awaited<ReturnType<typeof claimNewBatch>>;
    expect(theirs?.deliveryIds).toHaveLength(2);
    expect(mine?.deliveryIds).toHaveLength(1);
    expect(mine?.deliveryIds.some((id) => theirs?.deliveryIds.includes(id))).toBe(false);
    // The stored request is the one rebuilt under the lock: it names only its own delivery.
    const sent = JSON.parse(mine!.body) as { deliveryId: string }[];
    expect(sent.map((email) => email.deliveryId)).toEqual(mine!.deliveryIds);
    const stored = await first(
      db.select().from(dispatchBatches).where(eq(dispatchBatches.id, mine!.id)).limit(1),
    );
    expect(stored?.idempotencyKey).toBe(mine!.key);
    const rows = await db.select().from(deliveries);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(rows.map(() => ["sending", 1]));
  });
});
