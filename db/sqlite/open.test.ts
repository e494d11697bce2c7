import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { leaveCheckpointsToOthers, openSqlite } from "./open";

const freshFile = () => path.join(mkdtempSync(path.join(tmpdir(), "beacon-open-")), "beacon.db");

describe("a SQLite database file", () => {
  it("opens with the settings the intake's promises rest on", async () => {
    const db = openSqlite(freshFile());
    const pragma = (name: string) => db.$client.pragma(name, { simple: true });
    // A 202 is sent after COMMIT: WAL with FULL sync makes that commit survive a power loss.
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("synchronous")).toBe(2);
    expect(pragma("foreign_keys")).toBe(1);
    // Each event's savepoint keeps its sub-journal in memory, not in a temporary file.
    expect(pragma("temp_store")).toBe(2);
    await closeDatabase(db);
  });

  it("leaves the web server's checkpoints to the other connection's next commit", async () => {
    const file = freshFile();
    const web = openSqlite(file);
    const dispatcher = openSqlite(file);
    leaveCheckpointsToOthers(web);
    web.$client.exec("create table filler (body text)");
    const empty = statSync(file).size;
    const insert = web.$client.prepare("insert into filler values (?)");
    // About 2,000 pages of WAL, in 20 commits: twice SQLite's usual checkpoint threshold.
    for (let commit = 0; commit < 20; commit++) {
      web.$client.transaction(() => {
        for (let row = 0; row < 100; row++) insert.run("x".repeat(3_000));
      })();
    }
    // Nothing was copied into the database file: its commits never checkpointed.
    expect(statSync(file).size).toBe(empty);
    dispatcher.$client.exec("create table marker (id integer)");
    expect(statSync(file).size).toBeGreaterThan(empty + 5_000_000);
    await closeDatabase(web);
    await closeDatabase(dispatcher);
  });
});
