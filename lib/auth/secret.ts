import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databasePath } from "@/db/client";
import { config } from "@/lib/config";

/**
 * BETTER_AUTH_SECRET when set; otherwise a random secret kept beside the database, so the
 * quick start needs no setting and sessions survive a restart.
 */
export function authSecret(): string {
  const fromEnv = config().BETTER_AUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(
    path.dirname(path.resolve(/*turbopackIgnore: true*/ databasePath())),
    ".auth-secret",
  );
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(file, "utf8").trim();
}
