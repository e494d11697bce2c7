import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeDatabase } from "@/db/client";
import { startCheckpointer } from "./checkpointer";
import { checkpointOffTheLoop, openSqlite } from "./open";

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

  it("checkpoints on a thread of its own, not in the web server's commits", async () => {
    const file = freshFile();
    const web = openSqlite(file);
    web.$client.exec("create table filler (body text)");
    const empty = statSync(file).size;
    // Stopped at once, to see what the web's commits do by themselves.
    await checkpointOffTheLoop(web)?.stop();
    const insert = web.$client.prepare("insert into filler values (?)");
    const write = () =>
      web.$client.transaction(() => {
        for (let row = 0; row < 100; row++) insert.run("x".repeat(3_000));
      })();
    // About 2,000 pages of WAL, in 20 commits: twice SQLite's usual checkpoint threshold.
    for (let commit = 0; commit < 20; commit++) write();
    // Nothing was copied into the database file: its commits never checkpointed.
    expect(statSync(file).size).toBe(empty);

    const thread = startCheckpointer(file, 10);
    write();
    // All 21 commits' rows (2,100 of 3,000 bytes) copied into the file by the thread.
    await until(() => statSync(file).size > empty + 2_100 * 3_000);
    await thread.stop();
    await closeDatabase(web);
  });

  it("has no checkpoint thread in memory or on PostgreSQL", () => {
    expect(checkpointOffTheLoop(openSqlite(":memory:"))).toBeNull();
  });
});

async function until(done: () => boolean, timeoutMs = 4_000) {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
