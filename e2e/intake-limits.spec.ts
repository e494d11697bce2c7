import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createAccount } from "@/db/accounts/provision";
import { openDatabase } from "@/db/client";
import { notifications } from "@/db/schema";
import { currentSecret } from "@/db/webhook-secrets";
import { expect, test } from "./fixtures";
import { e2eDb } from "./support/accounts";
import { startApp } from "./support/app-process";
import { E2E } from "./support/env";
import { postSigned, signedHeaders, uniqueEvent } from "./support/webhooks";

/*
 * What the intake answers at its limits: absurd nesting, bytes that are not UTF-8, the two
 * key spaces, a per-account rate limit and load shedding. Every refusal names its reason
 * and stores nothing; every event a caller retries after a 503 or 429 arrives once.
 */

async function stored(accountId: string, db = e2eDb()) {
  return await db.select().from(notifications).where(eq(notifications.accountId, accountId));
}

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
}

test("deeply nested JSON is refused naming the field, and a batch's other events are accepted", async ({
  account,
}) => {
  const deep = uniqueEvent("incident", { details: nested(40) });
  const single = await postSigned(account.slug, account.webhookSecret, deep);
  expect(single.status()).toBe(422);
  expect((await single.json()).error.fields).toEqual([
    { field: "details", message: expect.stringMatching(/nest more than 32 levels/) },
  ]);
  const absurd = await postSigned(account.slug, account.webhookSecret, null, {
    rawBody: `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`,
  });
  expect(absurd.status()).toBe(422);
  expect((await absurd.json()).error.fields[0].field).toBe("(body)");

  const [a, c] = [uniqueEvent("incident"), uniqueEvent("escalation")];
  const batch = await postSigned(
    account.slug,
    account.webhookSecret,
    { events: [a, deep, c] },
    { batch: true },
  );
  expect(batch.status()).toBe(200);
  const { results } = await batch.json();
  expect(results.map((r: { status: number }) => r.status)).toEqual([202, 422, 202]);
  expect((await stored(account.id)).map((n) => n.eventId).sort()).toEqual([a.id, c.id].sort());
});

test("a signed body that is not UTF-8 is refused before anything is parsed", async ({
  account,
}) => {
  const bytes = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"\xff\xfe"}
  const headers = signedHeaders(account.webhookSecret, bytes.toString("latin1"));
  // Sign the exact bytes (the helper signs a string): HMAC over id.timestamp.bytes.
  const { createHmac } = await import("node:crypto");
  const key = Buffer.from(account.webhookSecret.slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key)
    .update(
      Buffer.concat([
        Buffer.from(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.`),
        bytes,
      ]),
    )
    .digest("base64");
  const response = await fetch(`${E2E.baseURL}/api/v1/accounts/${account.slug}/notifications`, {
    method: "POST",
    body: bytes,
    headers: { ...headers, "webhook-signature": `v1,${signature}` },
  });
  expect(response.status).toBe(400);
  expect((await response.json()).error).toMatchObject({ code: "invalid_json", message: /UTF-8/ });
  expect(await stored(account.id)).toHaveLength(0);
});

test("a single event's webhook-id never collides with a batch item's key", async ({ account }) => {
  const webhookId = `msg_${Date.now()}`;
  const single = await postSigned(account.slug, account.webhookSecret, uniqueEvent("incident"), {
    webhookId: `${webhookId}#0`,
  });
  const batch = await postSigned(
    account.slug,
    account.webhookSecret,
    { events: [uniqueEvent("incident")] },
    { batch: true, webhookId },
  );
  expect(single.status()).toBe(202);
  expect((await batch.json()).results[0]).toMatchObject({
    status: 202,
    body: { duplicate: false },
  });
  expect(await stored(account.id)).toHaveLength(2);
});

async function isolatedApp(port: number, env: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), "beacon-limits-"));
  const databasePath = path.join(dir, "beacon.db");
  const db = openDatabase(databasePath);
  const accountId = await createAccount(db, {
    name: "Limits MSP",
    slug: "limits",
    defaults: ["soc@limits.test"],
  });
  const secret = (await currentSecret(db, accountId))!.secret;
  const app = await startApp(port, { DATABASE_PATH: databasePath, DEMO_SEED: "0", ...env });
  return { db, accountId, secret, app };
}

test("over its rate an account gets 429 with Retry-After, and nothing of it is stored", async () => {
  // It starts an app of its own: under a CI machine's parallel load the start alone has
  // taken most of the default 30 s (2 s in all on a quiet machine).
  test.setTimeout(90_000);
  const world = await isolatedApp(E2E.port + 61, { INTAKE_RATE_PER_MINUTE: "3" });
  try {
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(
        await postSigned("limits", world.secret, uniqueEvent("incident"), {
          baseURL: world.app.url,
        }),
      );
    }
    expect(answers.map((a) => a.status())).toEqual([202, 202, 202, 429]);
    expect((await answers[3]!.json()).error.code).toBe("rate_limited");
    expect(await stored(world.accountId, world.db)).toHaveLength(3);
  } finally {
    await world.app.stop();
  }
});

/**
 * A request whose body is still arriving: the intake has taken it in (it counts as pending)
 * but can't answer it until `finish()` sends the rest.
 */
function slowUpload(url: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  const request = httpRequest(url, {
    method: "POST",
    headers: { ...headers, "content-length": String(bytes.length) },
  });
  const answered = new Promise<number>((resolve, reject) => {
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
  });
  request.write(bytes.subarray(0, 10));
  return {
    finish() {
      request.end(bytes.subarray(10));
      return answered;
    },
    /** Left half-sent, it would keep the app from stopping. */
    abandon() {
      request.destroy();
      answered.catch(() => {});
    },
  };
}

test("under more load than it takes, the intake sheds with 503 and Retry-After; retried events arrive once", async () => {
  // It starts an app of its own: under a CI machine's parallel load the start alone has
  // taken most of the default 30 s (2 s in all on a quiet machine).
  test.setTimeout(90_000);
  const world = await isolatedApp(E2E.port + 62, { INTAKE_MAX_PENDING: "2" });
  let slow: ReturnType<typeof slowUpload>[] = [];
  try {
    const url = `${world.app.url}/api/v1/accounts/limits/notifications`;
    // Two uploads in progress take the intake's two places...
    slow = [uniqueEvent("incident"), uniqueEvent("incident")].map((event) =>
      slowUpload(url, signedHeaders(world.secret, JSON.stringify(event)), JSON.stringify(event)),
    );
    // ...so a request is shed at once, however fast the machine, once both are in; until
    // then a probe may still be accepted, so each probe is an event of its own.
    let shed: { event: Record<string, unknown>; webhookId: string } | null = null;
    const post = (probe: { event: Record<string, unknown>; webhookId: string }) =>
      postSigned("limits", world.secret, probe.event, {
        baseURL: world.app.url,
        webhookId: probe.webhookId,
      });
    let accepted = 0;
    await expect
      .poll(async () => {
        const probe = { event: uniqueEvent("incident"), webhookId: `msg_shed_${randomUUID()}` };
        const answer = await post(probe);
        if (answer.status() === 202) accepted += 1;
        if (answer.status() === 503) shed = probe;
        return { status: answer.status(), retryAfter: Number(answer.headers()["retry-after"]) };
      })
      .toEqual({ status: 503, retryAfter: expect.any(Number) });
    const refused = shed as unknown as { event: Record<string, unknown>; webhookId: string };
    const eventIds = async () =>
      (await stored(world.accountId, world.db)).map((row) => row.eventId);
    expect(await eventIds()).not.toContain(refused.event.id);
    // The uploads complete and are accepted; the shed event, retried with its webhook-id, arrives once.
    expect(await Promise.all(slow.map((upload) => upload.finish()))).toEqual([202, 202]);
    expect((await post(refused)).status()).toBe(202);
    expect((await post(refused)).status()).toBe(202);
    expect((await eventIds()).filter((id) => id === refused.event.id)).toHaveLength(1);
    expect(await eventIds()).toHaveLength(accepted + 3);
  } finally {
    for (const upload of slow) upload.abandon();
    await world.app.stop();
  }
});

test("an idle connection stays open longer than a load balancer keeps it (65 s), so the balancer closes first", async () => {
  const header = await new Promise<string | undefined>((resolve, reject) => {
    const request = httpRequest(`${E2E.baseURL}/api/health`, {
      agent: false,
      headers: { connection: "keep-alive" },
    });
    request.on("response", (response) => {
      resolve(response.headers["keep-alive"] as string | undefined);
      response.socket.destroy();
    });
    request.on("error", reject);
    request.end();
  });
  expect(header).toBe("timeout=65");
});
