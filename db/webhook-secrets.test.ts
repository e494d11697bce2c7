import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { webhookSecrets } from "@/db/schema";
import {
  currentSecret,
  encryptStoredSecrets,
  generateWebhookSecret,
  isWebhookSecret,
  ROTATION_GRACE_MS,
  revokeRetiringSecrets,
  rotateWebhookSecret,
  validSecrets,
} from "@/db/webhook-secrets";
import { testDb } from "@/lib/testing/db";

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

  it("stores ciphertext, never the secret, and gives the plaintext back", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a" });
    const plaintext = currentSecret(db, accountId)!.secret;
    expect(isWebhookSecret(plaintext)).toBe(true);
    const stored = db.select().from(webhookSecrets).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.secret).toMatch(/^enc:v1:/);
    expect(JSON.stringify(stored)).not.toContain(plaintext.slice("whsec_".length));
    const rotated = rotateWebhookSecret(db, accountId);
    expect(
      db
        .select()
        .from(webhookSecrets)
        .all()
        .map((r) => r.secret.slice(0, 7)),
    ).toEqual(["enc:v1:", "enc:v1:"]);
    expect(validSecrets(db, accountId).map((s) => s.secret)).toEqual(
      expect.arrayContaining([plaintext, rotated]),
    );
  });

  it("keeps verifying a legacy plaintext row, and the startup pass encrypts it", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a" });
    db.delete(webhookSecrets).run();
    const legacy = generateWebhookSecret();
    db.insert(webhookSecrets).values({ id: "legacy", accountId, secret: legacy }).run();
    expect(currentSecret(db, accountId)!.secret).toBe(legacy);

    expect(encryptStoredSecrets(db)).toBe(1);
    expect(db.select().from(webhookSecrets).get()!.secret).toMatch(/^enc:v1:/);
    expect(currentSecret(db, accountId)!.secret).toBe(legacy);
    expect(encryptStoredSecrets(db)).toBe(0);
  });

  it("an admin can end the rotated-out secret at once", () => {
    const db = testDb();
    const accountId = createAccount(db, { name: "A", slug: "a" });
    const now = new Date();
    const after = rotateWebhookSecret(db, accountId, now);
    expect(validSecrets(db, accountId, now)).toHaveLength(2);
    expect(revokeRetiringSecrets(db, accountId, now)).toBe(1);
    expect(validSecrets(db, accountId, now).map((s) => s.secret)).toEqual([after]);
  });
});
