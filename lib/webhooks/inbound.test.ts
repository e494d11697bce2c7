import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { webhookLookupFor } from "@/db/webhook-lookup";
import { currentSecret, revokeRetiringSecrets, rotateWebhookSecret } from "@/db/webhook-secrets";
import { ApiError } from "@/lib/api/errors";
import { testDb } from "@/lib/testing/db";
import { readRawBody, verifySignedRequest } from "./inbound";

function signed(secret: string, body: string, at = new Date(), id = "msg_1") {
  return new Headers({
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  });
}

async function statusOf(run: () => Promise<unknown>): Promise<number | "ok"> {
  try {
    await run();
    return "ok";
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe("inbound webhook verification", () => {
  const db = testDb();
  let accountId = "";
  let secret = "";
  const body = '{"hello":"world"}';
  const lookup = webhookLookupFor(db);

  beforeAll(async () => {
    accountId = await createAccount(db, { name: "A", slug: "acct" });
    await createAccount(db, { name: "B", slug: "other" });
    secret = (await currentSecret(db, accountId))!.secret;
  });

  it("accepts a good signature on the raw body", async () => {
    expect(await verifySignedRequest(lookup, "acct", body, signed(secret, body))).toMatchObject({
      account: { id: accountId, slug: "acct" },
      webhookId: "msg_1",
    });
  });

  it("refuses a changed body, a stale timestamp, missing headers and other accounts", async () => {
    expect(
      await statusOf(() => verifySignedRequest(lookup, "acct", `${body} `, signed(secret, body))),
    ).toBe(401);
    const old = new Date(Date.now() - 301_000);
    expect(
      await statusOf(() => verifySignedRequest(lookup, "acct", body, signed(secret, body, old))),
    ).toBe(401);
    expect(await statusOf(() => verifySignedRequest(lookup, "acct", body, new Headers()))).toBe(
      401,
    );
    expect(
      await statusOf(() => verifySignedRequest(lookup, "other", body, signed(secret, body))),
    ).toBe(401);
    expect(
      await statusOf(() => verifySignedRequest(lookup, "missing", body, signed(secret, body))),
    ).toBe(401);
  });

  it("keeps the rotated-out secret valid during the grace period", async () => {
    const db2 = testDb();
    const id = await createAccount(db2, { name: "R", slug: "rot" });
    const old = (await currentSecret(db2, id))!.secret;
    const fresh = await rotateWebhookSecret(db2, id);
    expect(
      await statusOf(() =>
        verifySignedRequest(webhookLookupFor(db2), "rot", body, signed(old, body)),
      ),
    ).toBe("ok");
    expect(
      await statusOf(() =>
        verifySignedRequest(webhookLookupFor(db2), "rot", body, signed(fresh, body)),
      ),
    ).toBe("ok");
  });
});

describe("readRawBody", () => {
  it("refuses a body over 256 KB even without a content-length", async () => {
    const big = new Request("http://x/", { method: "POST", body: "x".repeat(256 * 1024 + 1) });
    await expect(readRawBody(big)).rejects.toMatchObject({ status: 413 });
    const ok = new Request("http://x/", { method: "POST", body: "x".repeat(1000) });
    await expect(readRawBody(ok)).resolves.toHaveLength(1000);
  });
});

describe("the cached secret lookup", () => {
  it("stops accepting a revoked secret at once in the process that revoked it", async () => {
    const db = testDb();
    const id = await createAccount(db, { name: "V", slug: "rev" });
    const lookup = webhookLookupFor(db);
    const body = "{}";
    const old = (await currentSecret(db, id))!.secret;
    expect(await statusOf(() => verifySignedRequest(lookup, "rev", body, signed(old, body)))).toBe(
      "ok",
    );
    const fresh = await rotateWebhookSecret(db, id);
    expect(
      await statusOf(() => verifySignedRequest(lookup, "rev", body, signed(fresh, body))),
    ).toBe("ok");
    await revokeRetiringSecrets(db, id);
    expect(await statusOf(() => verifySignedRequest(lookup, "rev", body, signed(old, body)))).toBe(
      401,
    );
  });
});
