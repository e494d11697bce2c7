import { chmodSync, closeSync, existsSync, openSync } from "node:fs";

/**
 * The database holds password hashes, sessions and (encrypted) secrets: only its owner may
 * read it. Creates the file 0600 before SQLite opens it (SQLite then creates -wal and -shm
 * with the same mode), and tightens files an older version created world-readable.
 */
export function makeDatabaseFilePrivate(file: string) {
  if (file === ":memory:" || file === "" || file.startsWith("file:")) return;
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}
