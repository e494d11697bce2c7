import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { openSqlite } from "./open";

describe("a SQLite database file", () => {
  it("opens with the settings the intake's promises rest on", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "beacon-open-")), "beacon.db");
    const db = openSqlite(file);
    const pragma = (name: string) => db.$client.pragma(name, { simple: true });
    // A 202 is sent after COMMIT: WAL with FULL sync makes that commit survive a power loss.
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("synchronous")).toBe(2);
    expect(pragma("foreign_keys")).toBe(1);
    // Each event's savepoint keeps its sub-journal in memory, not in a temporary file.
    expect(pragma("temp_store")).toBe(2);
    await closeDatabase(db);
  });
});
