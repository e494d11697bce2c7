import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, isEncrypted, needsEncryption } from "@/db/encryption";

describe("secrets at rest", () => {
  afterEach(() => {
    delete process.env.BEACON_ENCRYPTION_KEY;
    delete process.env.BEACON_ENCRYPTION_KEY_PREVIOUS;
  });

  it("stores ciphertext that does not contain the secret and reads it back", () => {
    process.env.BEACON_ENCRYPTION_KEY = randomBytes(32).toString("base64");
    const secret = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0";
    const stored = encryptSecret(secret);
    expect(stored).toMatch(/^enc:v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain(secret.slice(6));
    expect(encryptSecret(secret)).not.toBe(stored); // a fresh IV each time
    expect(decryptSecret(stored)).toBe(secret);
  });

  it("reads legacy plaintext as is, and marks it for encryption", () => {
    expect(decryptSecret("whsec_legacy")).toBe("whsec_legacy");
    expect(isEncrypted("whsec_legacy")).toBe(false);
    expect(needsEncryption("whsec_legacy")).toBe(true);
  });

  it("refuses a value changed at rest, and one encrypted with a key it does not have", () => {
    process.env.BEACON_ENCRYPTION_KEY = "key-one";
    const stored = encryptSecret("whsec_x");
    // One bit of the ciphertext flipped (editing its base64 text could touch only padding bits).
    const parts = stored.split(":");
    const data = Buffer.from(parts.at(-1) ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, -1), data.toString("base64url")].join(":");
    expect(() => decryptSecret(tampered)).toThrow(/cannot be decrypted/);
    process.env.BEACON_ENCRYPTION_KEY = "key-two";
    expect(() => decryptSecret(stored)).toThrow(/cannot be decrypted/);
  });

  it("rotates: the previous key still opens old values, which then need re-encrypting", () => {
    process.env.BEACON_ENCRYPTION_KEY = "old-key";
    const stored = encryptSecret("whsec_rotate");
    process.env.BEACON_ENCRYPTION_KEY = "new-key";
    process.env.BEACON_ENCRYPTION_KEY_PREVIOUS = "old-key";
    expect(decryptSecret(stored)).toBe("whsec_rotate");
    expect(needsEncryption(stored)).toBe(true);
    expect(needsEncryption(encryptSecret("whsec_rotate"))).toBe(false);
  });
});

describe("the embedded key", () => {
  it("is generated once, 0600, beside the database, when BEACON_ENCRYPTION_KEY is unset", async () => {
    const { mkdtempSync, statSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { keyFile } = await import("./encryption");
    const previous = process.env.DATABASE_PATH;
    process.env.DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), "beacon-key-")), "b.db");
    try {
      const stored = encryptSecret("whsec_embedded");
      expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
      expect(decryptSecret(stored)).toBe("whsec_embedded");
    } finally {
      if (previous === undefined) delete process.env.DATABASE_PATH;
      else process.env.DATABASE_PATH = previous;
    }
  });
});
