import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
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

function statusOf(run: () => unknown): number | "ok" {
  try {
    run();
    return "ok";
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe("inbound webhook verification", () => {
  const db = testDb();
  const accountId = createAccount(db, { name: "A", slug: "acct" });
  createAccount(db, { name: "B", slug: "other" });
  const secret = currentSecret(db, accountId)!.secret;
  const body = '{"hello":"world"}';
  const lookup = webhookLookupFor(db);

  it("accepts a good signature on the raw body", () => {
    expect(verifySignedRequest(lookup, "acct", body, signed(secret, body))).toMatchObject({
      account: { id: accountId, slug: "acct" },
      webhookId: "msg_1",
    });
  });

  it("refuses a changed body, a stale timestamp, missing headers and other accounts", () => {
    expect(
      statusOf(() => verifySignedRequest(lookup, "acct", `${body} `, signed(secret, body))),
    ).toBe(401);
    const old = new Date(Date.now() - 301_000);
    expect(
      statusOf(() => verifySignedRequest(lookup, "acct", body, signed(secret, body, old))),
    ).toBe(401);
    expect(statusOf(() => verifySignedRequest(lookup, "acct", body, new Headers()))).toBe(401);
    expect(statusOf(() => verifySignedRequest(lookup, "other", body, signed(secret, body)))).toBe(
      401,
    );
    expect(statusOf(() => verifySignedRequest(lookup, "missing", body, signed(secret, body)))).toBe(
      401,
    );
  });

  it("keeps the rotated-out secret valid during the grace period", () => {
    const db2 = testDb();
    const id = createAccount(db2, { name: "R", slug: "rot" });
    const old = currentSecret(db2, id)!.secret;
    const fresh = rotateWebhookSecret(db2, id);
    expect(
      statusOf(() => verifySignedRequest(webhookLookupFor(db2), "rot", body, signed(old, body))),
    ).toBe("ok");
    expect(
      statusOf(() => verifySignedRequest(webhookLookupFor(db2), "rot", body, signed(fresh, body))),
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
  it("stops accepting a revoked secret at once in the process that revoked it", () => {
    const db = testDb();
    const id = createAccount(db, { name: "V", slug: "rev" });
    const lookup = webhookLookupFor(db);
    const body = "{}";
    const old = currentSecret(db, id)!.secret;
    expect(statusOf(() => verifySignedRequest(lookup, "rev", body, signed(old, body)))).toBe("ok");
    const fresh = rotateWebhookSecret(db, id);
    expect(statusOf(() => verifySignedRequest(lookup, "rev", body, signed(fresh, body)))).toBe(
      "ok",
    );
    revokeRetiringSecrets(db, id);
    expect(statusOf(() => verifySignedRequest(lookup, "rev", body, signed(old, body)))).toBe(401);
  });
});
