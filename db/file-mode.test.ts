import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { openDatabase } from "./client";
import { accounts } from "./schema";

const mode = (file: string) => statSync(file).mode & 0o777;

describe("the database file", () => {
  it("is created 0600, and so are its -wal and -shm files", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "beacon-mode-")), "beacon.db");
    const db = openDatabase(file);
    await db.insert(accounts).values({ id: "a", name: "A", slug: "a" });
    expect(mode(file)).toBe(0o600);
    for (const side of [`${file}-wal`, `${file}-shm`]) {
      expect(existsSync(side)).toBe(true);
      expect(mode(side)).toBe(0o600);
    }
    await closeDatabase(db);
  });

  it("tightens a world-readable file an older version created", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "beacon-mode-")), "beacon.db");
    writeFileSync(file, "", { mode: 0o644 });
    expect(mode(file)).toBe(0o644);
    await closeDatabase(openDatabase(file));
    expect(mode(file)).toBe(0o600);
  });
});
