import { expect, test } from "@playwright/test";
import { deliveries } from "@/db/schema";
import { startResendServer } from "../resend-server/server";
import { startApp } from "../support/app-process";
import { postSigned, uniqueEvent } from "../support/webhooks";
import { FULL, freshWorld, PORTS, report, until } from "./support";

/*
 * Part 2, provider faults: the local Resend server answers 30% of send calls with a 5xx,
 * 10% with a 429 and lets 5% hang (half of the 5xx and hangs after it accepted the emails,
 * the case only an idempotent retry survives). Every email must arrive exactly once and no
 * delivery may be left unsent.
 */
const EVENTS = FULL ? 1000 : 100;

test("30% 5xx, 10% 429, 5% hangs at the provider: every email exactly once, nothing stuck", async () => {
  test.setTimeout(FULL ? 600_000 : 120_000);
  const recipients = ["soc@faults.test", "lead@faults.test"];
  const world = await freshWorld("provider-faults", recipients);
  const server = await startResendServer({
    rps: 0,
    // Each kind at least once, even in a short run; then the random rates.
    faults: [{ kind: "hang" }, { kind: "hang", after: true }, { kind: "5xx", after: true }],
    faultRates: { "5xx": 0.3, "429": 0.1, hang: 0.05 },
  });
  const app = await startApp(PORTS.provider, {
    DATABASE_PATH: world.databasePath,
    DEMO_SEED: "0",
    RESEND_API_KEY: "re_reliability_faults",
    RESEND_BASE_URL: server.url,
    RESEND_TIMEOUT_MS: "1000",
    DISPATCH_RETRY_BASE_MS: "100",
    DISPATCH_RETRY_CAP_MS: "800",
    DISPATCH_LEASE_MS: "3000",
    // With 45% of calls failing, 8 attempts (the default) end a batch dead about once in
    // 600 calls: that would be a correct "dead" outcome, not the one this part measures.
    DISPATCH_MAX_ATTEMPTS: "60",
  });

  const started = Date.now();
  // A steady trickle rather than one burst, so the dispatcher makes many small calls (each
  // call rolls for a fault) instead of a few batches of 100.
  for (let i = 0; i < EVENTS; i++) {
    const answer = await postSigned(
      world.slug,
      world.secret,
      uniqueEvent("incident", { title: `Provider fault event ${i}` }),
      { baseURL: app.url },
    );
    expect(answer.status()).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const expected = EVENTS * recipients.length;
  let statuses: string[] = [];
  await until(
    "every delivery to be sent",
    async () => {
      statuses = (await world.db.select({ status: deliveries.status }).from(deliveries)).map(
        (row) => row.status,
      );
      return statuses.length === expected && statuses.every((s) => s === "sent") ? true : undefined;
    },
    FULL ? 400_000 : 90_000,
    250,
  ).catch((error) => {
    const counts: Record<string, number> = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    throw new Error(`${(error as Error).message}; statuses ${JSON.stringify(counts)}`);
  });
  const seconds = (Date.now() - started) / 1000;

  const byDelivery = new Map<string, number>();
  for (const email of server.emails()) {
    const id = String(email.headers["X-Beacon-Delivery-Id"]);
    byDelivery.set(id, (byDelivery.get(id) ?? 0) + 1);
  }
  const ids = await world.db.select({ id: deliveries.id }).from(deliveries);
  const lost = ids.filter((row) => !byDelivery.has(row.id)).length;
  const duplicated = [...byDelivery.values()].reduce((sum, n) => sum + n - 1, 0);
  const calls = server.requests();
  const faults: Record<string, number> = {};
  for (const call of calls) if (call.fault) faults[call.fault] = (faults[call.fault] ?? 0) + 1;
  const injected = Object.values(faults).reduce((a, b) => a + b, 0);
  report("provider-faults", {
    "events sent": EVENTS,
    emails: expected,
    "send calls": calls.length,
    "faults injected": injected,
    kinds: Object.entries(faults)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(" / "),
    stuck: statuses.filter((s) => s !== "sent").length,
    lost,
    duplicated,
    "all sent after s": seconds.toFixed(1),
  });
  await app.stop();
  await server.close();

  expect(injected, "faults were injected").toBeGreaterThan(0);
  expect(lost).toBe(0);
  expect(duplicated).toBe(0);
  expect(byDelivery.size).toBe(expected);
});
