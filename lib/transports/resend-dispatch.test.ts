import { count, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { closeDatabase, type DB, first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { accounts, deliveries } from "@/db/schema";
import type { FaultInput } from "@/e2e/resend-server/faults";
import { type ResendServer, startResendServer } from "@/e2e/resend-server/server";
import { sampleEvent } from "@/lib/core/sample-events";
import { createDispatcher, type Dispatcher } from "@/lib/delivery/dispatcher";
import { readPause } from "@/lib/delivery/pause";
import type { Transport } from "@/lib/delivery/transport";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { testDb } from "@/lib/testing/db";
import { createResendTransport, DELIVERY_ID_HEADER } from "./resend";

/*
 * The real dispatcher and the Resend transport against the local Resend server in its
 * faulty modes: whatever fails, every accepted email reaches the provider exactly once.
 */

const RECIPIENTS = 12;
const POLICY = { baseMs: 20, capMs: 200, maxAttempts: 30, maxAgeMs: 60_000 };

let server: ResendServer;
let db: DB;
let running: Dispatcher[] = [];

beforeAll(async () => {
  server = await startResendServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  db = testDb();
});
afterEach(async () => {
  await Promise.all(running.map((d) => d.stop()));
  running = [];
  await closeDatabase(db);
});

async function enqueue(notifications: number): Promise<number> {
  const defaults = Array.from({ length: RECIPIENTS }, (_, i) => `soc${i}@example.com`);
  const accountId = await createAccount(db, { name: "Test MSP", slug: "test", defaults });
  const account = (await first(
    db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1),
  ))!;
  for (let i = 0; i < notifications; i++) {
    const event = sampleEvent("incident", "open");
    event.id = `inc_${i}`;
    const result = await acceptEvent(intakeStoreFor(db), account, {
      event,
      payload: event as unknown as Record<string, unknown>,
      webhookId: `wh_${i}`,
    });
    expect(result.status).toBe("queued");
  }
  return notifications * RECIPIENTS;
}

function transport(options: { batchSize?: number; timeoutMs?: number } = {}): Transport {
  const real = createResendTransport({
    apiKey: "re_test",
    baseUrl: server.url,
    timeoutMs: options.timeoutMs ?? 300,
  });
  // Smaller batches than Resend's 100, so a few notifications make many calls to fault.
  return Object.assign(Object.create(real), { maxBatchSize: options.batchSize ?? 10 });
}

function start(t: Transport, leaseMs = 5_000): Dispatcher {
  const dispatcher = createDispatcher({
    render: renderContent,
    db,
    transport: t,
    from: "Beacon <alerts@beacon.test>",
    policy: POLICY,
    leaseMs,
    crossProcessPollMs: 20,
    log: () => {},
  });
  dispatcher.start();
  running.push(dispatcher);
  return dispatcher;
}

async function pending(): Promise<number> {
  return (
    (
      await first(
        db
          .select({ n: count() })
          .from(deliveries)
          .where(inArray(deliveries.status, ["queued", "sending"]))
          .limit(1),
      )
    )?.n ?? 0
  );
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the dispatcher");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function expectExactlyOnce(total: number) {
  const perDelivery = new Map<string, number>();
  for (const email of server.emails()) {
    const id = email.headers[DELIVERY_ID_HEADER] ?? "";
    perDelivery.set(id, (perDelivery.get(id) ?? 0) + 1);
  }
  expect(perDelivery.size).toBe(total);
  expect([...perDelivery.values()].every((n) => n === 1)).toBe(true);
  const rows = await db.select().from(deliveries);
  expect(rows.every((row) => row.status === "sent")).toBe(true);
  const ids = new Set(server.emails().map((e) => e.id));
  expect(rows.every((row) => row.providerMessageId && ids.has(row.providerMessageId))).toBe(true);
}

// Generous: these tests wait on real timeouts and retries, on a machine other work shares.
describe("dispatcher + Resend transport + local Resend server", { timeout: 60_000 }, () => {
  it("retries 5xx, hangs, dropped connections and 429s until every email arrived once", async () => {
    const total = await enqueue(5); // 60 deliveries, 6 calls when nothing fails
    const faults: FaultInput[] = [
      { kind: "5xx" },
      { kind: "hang", after: true },
      { kind: "drop", after: true },
      { kind: "5xx", status: 503, after: true },
      { kind: "429", retryAfter: 0 },
      { kind: "drop" },
      { kind: "hang" },
    ];
    server.faults.set({ queue: faults });
    start(transport());
    await until(async () => (await pending()) === 0);
    await expectExactlyOnce(total);
    expect(server.faults.describe().queue).toHaveLength(0);
  });

  it("survives random faults with two dispatchers sharing the work", async () => {
    const total = await enqueue(8);
    server.faults.set({ rates: { "5xx": 0.15, "429": 0.05, hang: 0.1, drop: 0.1 } });
    start(transport());
    start(transport());
    await until(async () => (await pending()) === 0, 40_000);
    server.faults.set({ rates: {} });
    await expectExactlyOnce(total);
  });

  it("a dispatcher that dies after the provider took the batch is replaced without a duplicate", async () => {
    const total = await enqueue(1);
    const real = transport({ batchSize: 100 });
    // Sends for real, then never comes back: the process died before recording the answer.
    const dying: Transport = Object.assign(Object.create(real), {
      send: async (body: string, key: string) => {
        await real.send(body, key);
        return new Promise<never>(() => {});
      },
    });
    const first = createDispatcher({
      render: renderContent,
      db,
      transport: dying,
      from: "Beacon <alerts@beacon.test>",
      policy: POLICY,
      leaseMs: 300,
      log: () => {},
    });
    void first.runOnce();
    await until(() => server.emails().length === total);
    start(transport({ batchSize: 100 }), 300);
    await until(async () => (await pending()) === 0);
    await expectExactlyOnce(total);
    expect(server.requests().filter((r) => r.status === 200)).toHaveLength(2);
  });

  it("pauses on a quota error: nothing fails, nothing is sent, the pause is recorded", async () => {
    await enqueue(1);
    server.faults.set({
      queue: [{ kind: "quota", name: "daily_quota_exceeded", retryAfter: 3600 }],
    });
    start(transport({ batchSize: 100 }));
    await until(async () => (await readPause(db)) !== null);
    expect((await readPause(db))?.reason).toContain("daily_quota_exceeded");
    expect(server.emails()).toHaveLength(0);
    const statuses = new Set((await db.select().from(deliveries)).map((row) => row.status));
    expect([...statuses].every((s) => s === "queued" || s === "sending")).toBe(true);
  });
});
