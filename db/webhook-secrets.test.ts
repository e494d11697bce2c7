import { describe, expect, it } from "vitest";
import { createAccount } from "@/db/accounts/provision";
import { first } from "@/db/client";
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

  it("rotation keeps the old secret valid for the grace period only", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a" });
    const before = (await currentSecret(db, accountId))!.secret;
    const now = new Date();
    const after = await rotateWebhookSecret(db, accountId, now);

    expect((await currentSecret(db, accountId))!.secret).toBe(after);
    const validNow = (await validSecrets(db, accountId, new Date(now.getTime() + 1000))).map(
      (s) => s.secret,
    );
    expect(validNow).toEqual(expect.arrayContaining([before, after]));
    const validLater = await validSecrets(
      db,
      accountId,
      new Date(now.getTime() + ROTATION_GRACE_MS + 1),
    );
    expect(validLater.map((s) => s.secret)).toEqual([after]);
  });

  it("never mixes accounts", async () => {
    const db = testDb();
    const a = await createAccount(db, { name: "A", slug: "a" });
    const b = await createAccount(db, { name: "B", slug: "b" });
    expect((await currentSecret(db, a))!.secret).not.toBe((await currentSecret(db, b))!.secret);
    await rotateWebhookSecret(db, a);
    expect(await validSecrets(db, b)).toHaveLength(1);
  });

  it("stores ciphertext, never the secret, and gives the plaintext back", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a" });
    const plaintext = (await currentSecret(db, accountId))!.secret;
    expect(isWebhookSecret(plaintext)).toBe(true);
    const stored = await db.select().from(webhookSecrets);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.secret).toMatch(/^enc:v1:/);
    expect(JSON.stringify(stored)).not.toContain(plaintext.slice("whsec_".length));
    const rotated = await rotateWebhookSecret(db, accountId);
    expect((await db.select().from(webhookSecrets)).map((r) => r.secret.slice(0, 7))).toEqual([
      "enc:v1:",
      "enc:v1:",
    ]);
    expect((await validSecrets(db, accountId)).map((s) => s.secret)).toEqual(
      expect.arrayContaining([plaintext, rotated]),
    );
  });

  it("keeps verifying a legacy plaintext row, and the startup pass encrypts it", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a" });
    await db.delete(webhookSecrets);
    const legacy = generateWebhookSecret();
    await db.insert(webhookSecrets).values({ id: "legacy", accountId, secret: legacy });
    expect((await currentSecret(db, accountId))!.secret).toBe(legacy);

    expect(await encryptStoredSecrets(db)).toBe(1);
    expect((await first(db.select().from(webhookSecrets).limit(1)))!.secret).toMatch(/^enc:v1:/);
    expect((await currentSecret(db, accountId))!.secret).toBe(legacy);
    expect(await encryptStoredSecrets(db)).toBe(0);
  });

  it("an admin can end the rotated-out secret at once", async () => {
    const db = testDb();
    const accountId = await createAccount(db, { name: "A", slug: "a" });
    const now = new Date();
    const after = await rotateWebhookSecret(db, accountId, now);
    expect(await validSecrets(db, accountId, now)).toHaveLength(2);
    expect(await revokeRetiringSecrets(db, accountId, now)).toBe(1);
    expect((await validSecrets(db, accountId, now)).map((s) => s.secret)).toEqual([after]);
  });
});
