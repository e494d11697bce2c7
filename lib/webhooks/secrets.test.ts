import { describe, expect, it } from "vitest";
import { createAccount } from "@/lib/accounts/provision";
import { testDb } from "@/lib/testing/db";
import {
  currentSecret,
  generateWebhookSecret,
  isWebhookSecret,
  ROTATION_GRACE_MS,
  rotateWebhookSecret,
  validSecrets,
} from "./secrets";

describe("webhook secrets", () => {
  it("generates Standard Webhooks secrets", () => {
    const secret = generateWebhookSecret();
    expect(isWebhookSecret(secret)).toBe(true);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it("rotation keeps the old secret valid for the grace period only", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a" });
    const before = currentSecret(db, accountId)!.secret;
    const now = new Date();
    const after = rotateWebhookSecret(db, accountId, now);

    expect(currentSecret(db, accountId)!.secret).toBe(after);
    const validNow = validSecrets(db, accountId, new Date(now.getTime() + 1000)).map(
      (s) => s.secret,
    );
    expect(validNow).toEqual(expect.arrayContaining([before, after]));
    const validLater = validSecrets(db, accountId, new Date(now.getTime() + ROTATION_GRACE_MS + 1));
    expect(validLater.map((s) => s.secret)).toEqual([after]);
  });

  it("never mixes accounts", () => {
    const db = testDb();
    const a = createAccount(db, { name: "A", slug: "a" });
    const b = createAccount(db, { name: "B", slug: "b" });
    expect(currentSecret(db, a)!.secret).not.toBe(currentSecret(db, b)!.secret);
    rotateWebhookSecret(db, a);
    expect(validSecrets(db, b)).toHaveLength(1);
  });
});
