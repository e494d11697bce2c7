import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { type DB, first } from "@/db/client";
import { intakeStoreFor } from "@/db/intake-store";
import { insertPsaIntegration, psaSecret } from "@/db/psa-integration";
import {
  deliveries,
  deliveryEvents,
  mailboxMessages,
  memberships,
  notifications,
  users,
} from "@/db/schema";
import type { NotificationEvent } from "@/lib/core/events";
import type { PsaSettings } from "@/lib/core/psa";
import type { RetryPolicy } from "@/lib/core/retry-policy";
import { acceptEvent } from "@/lib/intake/intake";
import { renderContent } from "@/lib/render/render";
import { testDb } from "@/lib/testing/db";
import { testIncident } from "@/lib/testing/events";
import { createMailboxTransport } from "@/lib/transports/mailbox";
import { createPsaWebhookTransport } from "@/lib/transports/psa-webhook";
import { createDispatcher } from "./dispatcher";
import { FALLBACK_DETAIL } from "./psa-fallback";

/*
 * The PSA lanes end to end on a real database and a real HTTP receiver on 127.0.0.1 (hence
 * allowPrivate), with the fallback deadline configured short (FALLBACK_MS) as
 * PSA_FALLBACK_AFTER_MS does in a deployment.
 */

const FALLBACK_MS = 400;
const emailPolicy: RetryPolicy = { baseMs: 5, capMs: 10, maxAttempts: 3, maxAgeMs: 60_000 };
const psaPolicy: RetryPolicy = {
  baseMs: 40,
  capMs: 80,
  maxAttempts: 1000,
  maxAgeMs: FALLBACK_MS,
  strictMaxAge: true,
};

type Received = { headers: Record<string, string>; body: string };

/** The stand-in PSA: answers with `status()` and records every request. */
function receiver(status: () => number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      const code = status();
      res.writeHead(code, { "content-type": "application/json" });
      res.end(code < 300 ? JSON.stringify({ ticket_id: `T-${received.length}` }) : "down");
    });
  });
  return new Promise<{ url: string; received: Received[]; server: Server }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tickets`,
        received,
        server,
      }),
    ),
  );
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function incident(status: "open" | "resolved" = "open"): NotificationEvent {
  return testIncident({ status, severity: "critical" });
}

async function setup(psa: Partial<PsaSettings> & Pick<PsaSettings, "method">, defaults: string[]) {
  const db = testDb();
  const accountId = await createAccount(db, { name: "A", slug: `a-${randomUUID()}`, defaults });
  const userId = randomUUID();
  await db.insert(users).values({ id: userId, name: "Admin", email: "admin@msp.test" });
  await db.insert(memberships).values({ userId, accountId, role: "admin" });
  await insertPsaIntegration(
    db,
    accountId,
    {
      name: "ConnectWise",
      endpoint: "",
      ticketAddress: "",
      types: { incident: "on_failure" },
      enabled: true,
      ...psa,
    },
    new Date(),
  );
  const dispatcher = createDispatcher({
    db,
    render: renderContent,
    transport: createMailboxTransport(db),
    psaWebhook: createPsaWebhookTransport({
      secretFor: (id) => psaSecret(db, id),
      allowPrivate: true,
      timeoutMs: 1000,
    }),
    from: "Beacon <alerts@beacon.test>",
    policy: emailPolicy,
    psaPolicy,
    log: () => undefined,
  });
  const post = (event: NotificationEvent) =>
    acceptEvent(
      intakeStoreFor(db),
      { id: accountId, slug: "a" },
      { event, payload: event, webhookId: randomUUID() },
    );
  return { db, accountId, dispatcher, post };
}

/** Runs the dispatcher until nothing is left to do now or later, or `ms` have passed. */
async function drain(dispatcher: ReturnType<typeof createDispatcher>, ms = 3000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const step = await dispatcher.runOnce();
    if (step.worked) continue;
    if (step.idleUntil === null) return;
    await new Promise((r) =>
      setTimeout(r, Math.max(1, Math.min(step.idleUntil! - Date.now(), 50))),
    );
  }
}

const mailTo = async (db: DB) =>
  (await db.select().from(mailboxMessages)).map((m) => ({ to: m.to, subject: m.subject }));

function verify(secret: string, { headers, body }: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
    .digest("base64");
  return headers["webhook-signature"] === `v1,${expected}`;
}

describe("PSA webhook tickets", () => {
  it("arrive once, signed, with the documented schema; the resolved event updates the same ticket", async () => {
    const psa = await receiver(() => 201);
    servers.push(psa.server);
    const { db, accountId, dispatcher, post } = await setup(
      { method: "webhook", endpoint: psa.url },
      ["soc@msp.test"],
    );
    const opened = await post(incident("open"));
    await drain(dispatcher);
    await post(incident("resolved"));
    await drain(dispatcher);

    expect(psa.received).toHaveLength(2);
    const secret = (await psaSecret(db, accountId))!;
    expect(psa.received.every((request) => verify(secret, request))).toBe(true);
    const [first, second] = psa.received.map((r) => JSON.parse(r.body));
    expect(first).toMatchObject({
      schema: "beacon.ticket.v1",
      status: "open",
      type: "incident",
      severity: "critical",
      priority: 1,
      company: { id: "org_acme", name: "Acme Dental" },
      links: [{ rel: "report", url: "https://portal.beacon.test/reports/1" }],
    });
    expect(first.summary).toContain("Ransomware on DESKTOP-01 (Acme Dental)");
    expect(opened.status).toBe("queued");
    expect(first.external_reference).toBe("notificationId" in opened && opened.notificationId);
    expect(second).toMatchObject({
      status: "resolved",
      external_reference: first.external_reference,
    });
    // "Only when the PSA fails", and it did not: nobody was emailed.
    expect(await mailTo(db)).toEqual([]);
    const psaRows = await db.select().from(deliveries).where(eq(deliveries.channel, "psa-webhook"));
    expect(psaRows.map((d) => d.status)).toEqual(["delivered", "delivered"]);
    expect(psaRows[0]!.providerMessageId).toBe("T-1");
  });

  it("falls back to the Email Integration's recipients within the deadline when the PSA is down", async () => {
    // A port nothing listens on: connection refused.
    const closed = await receiver(() => 201);
    const url = closed.url;
    await new Promise((r) => closed.server.close(r));
    const { db, dispatcher, post } = await setup({ method: "webhook", endpoint: url }, [
      "soc@msp.test",
    ]);
    const started = Date.now();
    await post(incident());
    await drain(dispatcher);

    const soc = (await mailTo(db)).filter((m) => m.to === "soc@msp.test");
    expect(soc).toHaveLength(1);
    const events = await db
      .select({ detail: deliveryEvents.detail })
      .from(deliveryEvents)
      .innerJoin(deliveries, eq(deliveries.id, deliveryEvents.deliveryId))
      .where(eq(deliveries.recipient, "soc@msp.test"));
    expect(events[0]!.detail).toMatch(new RegExp(`^${FALLBACK_DETAIL}: .*ECONNREFUSED`));
    const queuedAt = (await first(
      db
        .select({ at: deliveries.createdAt })
        .from(deliveries)
        .where(eq(deliveries.recipient, "soc@msp.test"))
        .limit(1),
    ))!.at;
    expect(queuedAt.getTime() - started).toBeLessThan(FALLBACK_MS + 200);
    // The admins are told once, with the Platform Action notice.
    const notices = (await mailTo(db)).filter((m) => m.to === "admin@msp.test");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toContain("PSA delivery is failing: reconfigure it");
  });

  it("a PSA answering 5xx that recovers late makes no second copy, and the notice is sent at most once an hour", async () => {
    let status = 503;
    const psa = await receiver(() => status);
    servers.push(psa.server);
    const { db, dispatcher, post } = await setup({ method: "webhook", endpoint: psa.url }, [
      "soc@msp.test",
    ]);
    await post(incident());
    await drain(dispatcher);
    const attempts = psa.received.length;
    expect(attempts).toBeGreaterThan(1);
    status = 201;
    await post({ ...incident(), id: "inc_2" });
    await drain(dispatcher);
    // The first incident is not sent to the PSA again; the second one goes through.
    expect(psa.received).toHaveLength(attempts + 1);
    expect((await mailTo(db)).filter((m) => m.to === "soc@msp.test")).toHaveLength(1);
    status = 500;
    await post({ ...incident(), id: "inc_3" });
    await drain(dispatcher);
    expect((await mailTo(db)).filter((m) => m.to === "soc@msp.test")).toHaveLength(2);
    expect((await mailTo(db)).filter((m) => m.to === "admin@msp.test")).toHaveLength(1);
  });

  it("a 4xx is not retried: the email goes at once", async () => {
    const psa = await receiver(() => 400);
    servers.push(psa.server);
    const { db, dispatcher, post } = await setup({ method: "webhook", endpoint: psa.url }, [
      "soc@msp.test",
    ]);
    await post(incident());
    await drain(dispatcher);
    expect(psa.received).toHaveLength(1);
    expect((await mailTo(db)).filter((m) => m.to === "soc@msp.test")).toHaveLength(1);
  });

  it('"email as well" sends both, and the fallback adds no second email', async () => {
    const psa = await receiver(() => 502);
    servers.push(psa.server);
    const { db, dispatcher, post } = await setup(
      { method: "webhook", endpoint: psa.url, types: { incident: "as_well" } },
      ["soc@msp.test"],
    );
    await post(incident());
    await drain(dispatcher);
    expect(psa.received.length).toBeGreaterThan(0);
    expect((await mailTo(db)).filter((m) => m.to === "soc@msp.test")).toHaveLength(1);
  });
});

describe("PSA email-to-ticket", () => {
  it("sends the ticket address one email even when it is also an Email Integration recipient", async () => {
    const { db, dispatcher, post } = await setup(
      {
        method: "email",
        ticketAddress: "help@psa.test",
        types: { incident: "as_well" },
      },
      ["soc@msp.test", "help@psa.test"],
    );
    const answer = await post(incident());
    await drain(dispatcher);
    const mail = (await mailTo(db)).map((m) => m.to).sort();
    expect(mail).toEqual(["help@psa.test", "soc@msp.test"]);
    const subject = (await mailTo(db))[0]!.subject;
    expect(subject).toMatch(/^Beacon EDR Critical Incident \| .* \(Acme Dental\)$/);
    const row = await first(
      db
        .select({ count: notifications.recipientCount })
        .from(notifications)
        .where(eq(notifications.id, answer.status === "queued" ? answer.notificationId : ""))
        .limit(1),
    );
    expect(row?.count).toBe(2);
  });
});
