import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { busyFor } from "@/lib/testing/busy";
import { createConnectionGate } from "../connection-gate";
import { createGroupCommitter } from "./group-commit";

function pair(busyTimeoutMs = 5_000, budgetMs?: number) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "group-commit-")), "db.sqlite");
  const open = () => {
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    return sqlite;
  };
  const web = open();
  web.exec("create table events (id integer primary key, body text)");
  const gate = createConnectionGate();
  const committer = createGroupCommitter({
    sqlite: web,
    gate,
    openUnit: () => ({}),
    unavailable: (cause) => new Error(`unavailable: ${(cause as Error).message}`),
    budgetMs,
    onCommit: (count) => commits.push(count),
  });
  const commits: number[] = [];
  const insert = web.prepare("insert into events (body) values (?)");
  return { web, other: open(), committer, insert, gate, commits };
}

describe("group commit of a burst", () => {
  it("commits in steps of its time budget, and timers run between the steps", async () => {
    const { web, committer, insert, commits } = pair(5_000, 10);
    let timerFiredAfter = -1;
    setTimeout(() => {
      timerFiredAfter = commits.reduce((sum, n) => sum + n, 0);
    }, 0);
    const writes = Array.from({ length: 40 }, (_, i) =>
      committer.run(async () => {
        busyFor(1);
        return insert.run(String(i));
      }),
    );
    await Promise.all(writes);
    expect(web.prepare("select count(*) as n from events").get()).toEqual({ n: 40 });
    // About ten writes of 1 ms fit in 10 ms: four commits or so, not one of 40.
    expect(commits.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...commits)).toBeLessThanOrEqual(12);
    // The timer did not wait for the whole burst.
    expect(timerFiredAfter).toBeGreaterThan(0);
    expect(timerFiredAfter).toBeLessThan(40);
  });
});

describe("group commit while another process holds the write lock", () => {
  it("keeps the event loop free and commits once the lock is released", async () => {
    const { web, other, committer, insert } = pair();
    other.exec("BEGIN IMMEDIATE");
    const started = Date.now();
    const first = committer.run(async () => insert.run("a"));
    // The loop keeps turning: timers fire and new writes queue while the lock is held.
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (++ticks === 20) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    const second = committer.run(async () => insert.run("b"));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(web.prepare("select count(*) as n from events").get()).toEqual({ n: 0 });
    other.exec("COMMIT");
    await Promise.all([first, second]);
    expect(web.prepare("select body from events order by id").pluck().all()).toEqual(["a", "b"]);
    // The connection's own timeout is back for every other writer.
    expect(web.pragma("busy_timeout", { simple: true })).toBe(5_000);
  });

  it("gives up as unavailable after the connection's busy timeout, storing nothing", async () => {
    const { web, other, committer, insert } = pair(200);
    other.exec("BEGIN IMMEDIATE");
    const started = Date.now();
    await expect(committer.run(async () => insert.run("a"))).rejects.toThrow(/unavailable/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    other.exec("COMMIT");
    expect(web.prepare("select count(*) as n from events").get()).toEqual({ n: 0 });
    await committer.run(async () => insert.run("b"));
    expect(web.prepare("select body from events").pluck().all()).toEqual(["b"]);
  });
});

describe("group commit beside other statements on the same connection", () => {
  it("keeps another request's statement out of its transaction while a write awaits", async () => {
    const { web, committer, insert, gate } = pair();
    let release = () => {};
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    const write = committer.run(async () => {
      insert.run("inside");
      await paused;
      throw new Error("this write fails and is rolled back alone");
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Another request's statement waits for the transaction instead of joining it.
    const outside = gate.statement(() => insert.run("outside"));
    expect(outside).toBeInstanceOf(Promise);
    release();
    await expect(write).rejects.toThrow(/rolled back alone/);
    await outside;
    expect(web.prepare("select body from events").pluck().all()).toEqual(["outside"]);
  });
});

describe("group commit of writes of which one throws", () => {
  it("rolls back the one that threw; the others of its group commit, each once", async () => {
    const { web, committer, insert } = pair();
    const runs = new Map<number, number>();
    const writes = Array.from({ length: 10 }, (_, i) =>
      committer.run(async () => {
        runs.set(i, (runs.get(i) ?? 0) + 1);
        insert.run(String(i));
        if (i === 4) throw new Error("event 4 is refused");
        return i;
      }),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array(4).fill("fulfilled"),
      "rejected",
      ...Array(5).fill("fulfilled"),
    ]);
    expect((outcomes[4] as PromiseRejectedResult).reason.message).toBe("event 4 is refused");
    expect(web.prepare("select body from events order by id").pluck().all()).toEqual([
      "0",
      "1",
      "2",
      "3",
      "5",
      "6",
      "7",
      "8",
      "9",
    ]);
    // The writes the failed group held ran again (in savepoints); the rest ran once.
    expect([...runs.values()].every((n) => n <= 2)).toBe(true);
    expect(runs.get(9)).toBe(1);
  });

  it("a write that throws in every attempt never holds up the writes queued behind it", async () => {
    const { web, committer, insert, commits } = pair();
    const failing = committer.run(async () => {
      insert.run("bad");
      throw new Error("always refused");
    });
    const after = Array.from({ length: 5 }, (_, i) =>
      committer.run(async () => insert.run(`after ${i}`)),
    );
    await expect(failing).rejects.toThrow("always refused");
    await Promise.all(after);
    expect(web.prepare("select count(*) as n from events").get()).toEqual({ n: 5 });
    expect(commits.reduce((sum, n) => sum + n, 0)).toBe(5);
  });
});
