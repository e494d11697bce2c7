/*
 * Dispatch throughput through the real dispatcher and the Resend transport, against the
 * local Resend-compatible server limited to 5 requests a second with 100 emails a batch:
 * a ceiling of 500 emails a second. Run with `npm run bench:dispatch`.
 *
 *   BENCH_EMAILS=5000   emails to send (default 5,000; 50 recipients per notification)
 *   BENCH_RPS=5         the server's rate limit, requests per second
 *   BENCH_DISPATCHERS=1 dispatchers in this process, sharing one transport (so one pacer):
 *                       with 2, one prepares and records its batch while the other's call
 *                       is in flight
 *
 * The server runs in its own process (as Resend would be elsewhere), so the dispatcher's
 * process is measured alone. Events are enqueued through the intake path a webhook uses,
 * before the clock starts; the clock stops when the last delivery is accepted. The run then
 * checks that the server received every email exactly once.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq, inArray } from "drizzle-orm";
import { closeDatabase } from "@/db/client";
import { createAccount } from "../db/accounts/provision";
import { first, openDatabase } from "../db/client";
import { intakeStoreFor } from "../db/intake-store";
import { accounts, deliveries } from "../db/schema";
import { sampleEvent } from "../lib/core/sample-events";
import { createDispatcher } from "../lib/delivery/dispatcher";
import { emailFrom } from "../lib/delivery/sender";
import { acceptEvent } from "../lib/intake/intake";
import { renderContent } from "../lib/render/render";
import { createResendTransport, DELIVERY_ID_HEADER } from "../lib/transports/resend";

const EMAILS = Number(process.env.BENCH_EMAILS ?? 5000);
const RPS = Number(process.env.BENCH_RPS ?? 5);
const DISPATCHERS = Number(process.env.BENCH_DISPATCHERS ?? 1);
const PER_NOTIFICATION = 50; // the most addresses one list may hold
const BATCH = 100; // Resend's batch maximum, and the transport's

function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const cli = path.join(__dirname, "..", "e2e", "resend-server", "cli.ts");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", cli, "--port", "0", "--rps", String(RPS)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /server on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) => reject(new Error(`the Resend server exited (${code})`)));
  });
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "beacon-bench-dispatch-"));
  const db = openDatabase(path.join(dir, "bench.db"));
  const { url, child } = await startServer();
  try {
    const notificationsNeeded = Math.ceil(EMAILS / PER_NOTIFICATION);
    const defaults = Array.from(
      { length: PER_NOTIFICATION },
      (_, i) => `soc${i}@bench.example.com`,
    );
    const accountId = await createAccount(db, { name: "Bench MSP", slug: "bench", defaults });
    const account = (await first(
      db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1),
    ))!;

    const enqueueStarted = performance.now();
    for (let i = 0; i < notificationsNeeded; i++) {
      const event = sampleEvent("incident", "open", {
        id: `org_${i % 7}`,
        name: `Customer ${i % 7}`,
      });
      event.id = `bench_${i}`;
      const result = await acceptEvent(intakeStoreFor(db), account, {
        event,
        payload: event as unknown as Record<string, unknown>,
        webhookId: `wh_bench_${i}`,
      });
      if (result.status !== "queued")
        throw new Error(`event ${i} was not queued: ${JSON.stringify(result)}`);
    }
    const total = (await first(db.select({ n: count() }).from(deliveries).limit(1)))?.n ?? 0;
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;

    const transport = createResendTransport({ apiKey: "re_bench", baseUrl: url });
    const dispatchers = Array.from({ length: DISPATCHERS }, () =>
      createDispatcher({ render: renderContent, db, transport, from: emailFrom(), log: () => {} }),
    );
    const started = performance.now();
    for (const dispatcher of dispatchers) dispatcher.start();
    const pending = async () =>
      (
        await first(
          db
            .select({ n: count() })
            .from(deliveries)
            .where(inArray(deliveries.status, ["queued", "sending"]))
            .limit(1),
        )
      )?.n ?? 0;
    while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));

    const sent =
      (
        await first(
          db.select({ n: count() }).from(deliveries).where(eq(deliveries.status, "sent")).limit(1),
        )
      )?.n ?? 0;
    const received = (await (await fetch(`${url}/_control/emails?summary=1`)).json()) as {
      data: { headers: Record<string, string> }[];
    };
    const requests = (await (await fetch(`${url}/_control/requests`)).json()) as {
      data: { status: number | string }[];
    };
    const ids = received.data.map((email) => email.headers[DELIVERY_ID_HEADER]);
    const unique = new Set(ids).size;
    const rate = total / seconds;
    const ceiling = RPS * BATCH;

    console.log(
      `enqueued ${total} deliveries (${notificationsNeeded} notifications) in ${enqueueSeconds.toFixed(1)} s`,
    );
    console.log(
      `server limit: ${RPS} requests/s x ${BATCH} emails/batch = ${ceiling} emails/s ceiling`,
    );
    console.log(
      `dispatched ${sent} of ${total} in ${seconds.toFixed(2)} s (${DISPATCHERS} dispatcher(s))`,
    );
    console.log(
      `throughput: ${rate.toFixed(0)} emails/s = ${((rate / ceiling) * 100).toFixed(1)}% of the ceiling`,
    );
    if (rate > ceiling) {
      console.log(
        "(above the ceiling: the provider's bucket starts full, a burst a longer run evens out)",
      );
    }
    console.log(
      `provider calls: ${requests.data.length} (429s: ${requests.data.filter((r) => r.status === 429).length}); ` +
        `emails received ${received.data.length}, distinct deliveries ${unique}`,
    );
    if (sent !== total || received.data.length !== total || unique !== total) {
      console.error("FAILED: not every email arrived exactly once");
      process.exitCode = 1;
    }
  } finally {
    await closeDatabase(db);
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
