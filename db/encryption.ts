import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databasePath } from "@/db/client";

/**
 * Secrets at rest (webhook signing secrets, and the PSA secret to come): AES-256-GCM with a
 * key from BEACON_ENCRYPTION_KEY, or, on the embedded default, a random key generated once
 * and kept 0600 beside the database (like the auth secret). Stored as
 * `enc:v1:<iv>:<tag>:<ciphertext>` (base64url). Values without the prefix are legacy
 * plaintext: still read, and encrypted by the startup pass.
 *
 * Rotation: set the new key in BEACON_ENCRYPTION_KEY and the old one(s) in
 * BEACON_ENCRYPTION_KEY_PREVIOUS (comma-separated); the startup pass re-encrypts every
 * value with the new key, after which the previous key can be dropped.
 */
const PREFIX = "enc:v1:";

/** Any string becomes a 32-byte key; 32 random bytes in base64 (`openssl rand -base64 32`) is best. */
function toKey(material: string): Buffer {
  const decoded = Buffer.from(material, "base64");
  if (decoded.length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(material)) return decoded;
  return createHash("sha256").update(material, "utf8").digest();
}

export function keyFile(): string {
  return path.join(
    path.dirname(path.resolve(/*turbopackIgnore: true*/ databasePath())),
    ".encryption-key",
  );
}

function embeddedKey(): string {
  const file = keyFile();
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}

function currentKey(): Buffer {
  return toKey(process.env.BEACON_ENCRYPTION_KEY || embeddedKey());
}

function allKeys(): Buffer[] {
  const previous = (process.env.BEACON_ENCRYPTION_KEY_PREVIOUS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)
    .map(toKey);
  return [currentKey(), ...previous];
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function encryptSecret(plaintext: string, key: Buffer = currentKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${PREFIX}${iv.toString("base64url")}:${tag.toString("base64url")}:${data.toString("base64url")}`;
}

function decryptWith(value: string, key: Buffer): string | null {
  const [iv, tag, data] = value.slice(PREFIX.length).split(":");
  if (!iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(data, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}

/** The plaintext of a stored value (legacy plaintext as is); throws if no key opens it. */
export function decryptSecret(value: string): string {
  if (!isEncrypted(value)) return value;
  for (const key of allKeys()) {
    const plaintext = decryptWith(value, key);
    if (plaintext !== null) return plaintext;
  }
  throw new Error(
    "A stored secret cannot be decrypted: BEACON_ENCRYPTION_KEY (or BEACON_ENCRYPTION_KEY_PREVIOUS) is not the key it was encrypted with.",
  );
}

/** Whether a stored value needs (re-)encrypting with the current key. */
export function needsEncryption(value: string): boolean {
  return !isEncrypted(value) || decryptWith(value, currentKey()) === null;
}
