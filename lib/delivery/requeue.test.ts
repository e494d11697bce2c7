import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { deliveries } from "@/db/schema";
import { canRetry } from "@/lib/core/delivery-status";
import { sampleEvent } from "@/lib/core/sample-events";
import { acceptEvent } from "@/lib/intake/intake";
import { testDb } from "@/lib/testing/db";
import { requeueDeliveries } from "./requeue";

/** One notification to four addresses, each delivery ended the way a test needs. */
async function endedDeliveries() {
  const db = testDb();
  const recipients = ["dead@a.test", "soft@a.test", "hard@a.test", "ok@a.test"];
  const accountId = await createAccount(db, { name: "A", slug: "a", defaults: recipients });
  const event = { ...sampleEvent("incident", "open"), id: "inc_1" };
  const result = await acceptEvent(
    intakeStoreFor(db),
    { id: accountId, slug: "a" },
    { event, payload: event, webhookId: "w1" },
  );
  if (result.status !== "queued") throw new Error(`not queued: ${result.status}`);
  const end = (recipient: string, status: "dead" | "bounced" | "delivered", lastError: string) =>
    db.update(deliveries).set({ status, lastError }).where(eq(deliveries.recipient, recipient));
  await end("dead@a.test", "dead", "Gave up after 8 attempts: 503");
  await end("soft@a.test", "bounced", "Transient bounce (MailboxFull): try later");
  await end("hard@a.test", "bounced", "Permanent bounce (General): mailbox unknown");
  await end("ok@a.test", "delivered", "");
  const statusOf = async (recipient: string) =>
    (await first(
      db.select().from(deliveries).where(eq(deliveries.recipient, recipient)).limit(1),
    ))!;
  return { db, accountId, notificationId: result.notificationId, statusOf };
}

describe("Retry", () => {
  it("queues dead deliveries and transient bounces again, never a permanent bounce", async () => {
    const { db, accountId, notificationId, statusOf } = await endedDeliveries();
    const queued = await requeueDeliveries(db, {
      accountId,
      notificationId,
      actor: "admin@a.test",
    });
    expect(queued).toBe(2);
    expect((await statusOf("dead@a.test")).status).toBe("queued");
    expect((await statusOf("soft@a.test")).status).toBe("queued");
    expect((await statusOf("hard@a.test")).status).toBe("bounced");
    expect((await statusOf("ok@a.test")).status).toBe("delivered");
  });

  it("refuses a permanent bounce even when it is asked for by id", async () => {
    const { db, accountId, notificationId, statusOf } = await endedDeliveries();
    const hard = await statusOf("hard@a.test");
    expect(
      await requeueDeliveries(db, {
        accountId,
        notificationId,
        deliveryIds: [hard.id],
        actor: "admin@a.test",
      }),
    ).toBe(0);
    expect((await statusOf("hard@a.test")).lastError).toMatch(/^Permanent bounce/);
  });

  it("offers Retry for exactly what the server would queue", async () => {
    const { statusOf } = await endedDeliveries();
    const retryable: boolean[] = [];
    for (const r of ["dead@a.test", "soft@a.test", "hard@a.test", "ok@a.test"])
      retryable.push(canRetry(await statusOf(r)));
    expect(retryable).toEqual([true, true, false, false]);
  });
});
