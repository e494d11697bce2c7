import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { POST as floor, GET as loopDelay } from "@/app/api/bench/floor/route";
import { createAccount } from "@/db/accounts/provision";
import { sqliteOf } from "@/db/sqlite/open";
import { testDb } from "@/lib/testing/db";
import { exactlyOnce } from "./dispatchers";
import { percentile, runLoad } from "./load-generator";
import { seedNotifications } from "./seed-notifications";
import {
  compare,
  engineTable,
  mergeRows,
  type Report,
  type Row,
  rowId,
  table,
} from "./support/report";

const SECRET = "whsec_YmVuY2gtZGVtby13ZWJob29rLXNlY3JldC0zMi1ieXRlcw==";

describe("the floor route", () => {
  afterEach(() => {
    delete process.env.BENCH_FLOOR;
  });
  const post = () =>
    floor(new Request("http://local/api/bench/floor", { method: "POST", body: "{}" }));

  it("does not exist unless the server was started for the bench", async () => {
    expect((await post()).status).toBe(404);
  });

  it("reads the body and answers 202 with BENCH_FLOOR=1", async () => {
    process.env.BENCH_FLOOR = "1";
    expect((await post()).status).toBe(202);
  });

  it("measures the event loop's delay from a reset, a blocked loop included", async () => {
    const read = async (query = "") =>
      (await loopDelay(new Request(`http://local/api/bench/floor${query}`))).json();
    expect(loopDelay(new Request("http://local/api/bench/floor")).status).toBe(404);
    process.env.BENCH_FLOOR = "1";
    await read("?reset=1");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const blockedUntil = performance.now() + 120;
    while (performance.now() < blockedUntil) {
      // the event loop is held, as a long synchronous task would hold it
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const figures = await read();
    expect(figures.samples).toBeGreaterThan(0);
    expect(figures.max).toBeGreaterThanOrEqual(100);
    const fresh = await read("?reset=1");
    expect(fresh.max).toBeLessThan(100);
  });
});

describe("the load generator", () => {
  it("signs every request with a unique webhook-id and distinct event ids, and counts resets", async () => {
    const webhook = new Webhook(SECRET);
    const ids = new Set<string>();
    const eventIds = new Set<string>();
    let n = 0;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        n += 1;
        if (n % 10 === 0) return req.socket.destroy(); // every tenth: reset unanswered
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
        );
        const event = webhook.verify(body, headers) as { id: string };
        ids.add(headers["webhook-id"]!);
        eventIds.add(event.id);
        res.writeHead(202).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await runLoad({
        url: `http://127.0.0.1:${port}/x`,
        secret: SECRET,
        connections: 5,
        requests: 50,
        eventsPerRequest: 1,
        idPrefix: "t",
        template: { id: "", type: "incident" },
        timeoutMs: 5000,
      });
      expect(result.requests).toBe(50);
      expect(result.statuses[202]).toBe(45);
      expect(result.eventsAccepted).toBe(45);
      expect(result.resets).toBe(5);
      expect(ids.size).toBe(45);
      expect(eventIds.size).toBe(45);
    } finally {
      server.close();
    }
  });

  it("takes percentiles from sorted samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("seedNotifications", () => {
  it("stores notifications through the intake, with a mix of delivery outcomes", async () => {
    const db = testDb();
    const accountId = await createAccount(db, {
      name: "Seed MSP",
      slug: "seed",
      defaults: ["soc@seed.test"],
    });
    await seedNotifications(db, accountId, 40);
    const count = (query: string) => Number(sqliteOf(db).$client.prepare(query).pluck().get());
    expect(count("select count(*) from notifications")).toBe(40);
    // Resolved follow-ups of a type whose resolved mail is on are emailed too: one each.
    expect(count("select count(*) from deliveries")).toBe(40);
    expect(count("select count(distinct status) from deliveries")).toBeGreaterThan(2);
  }, 30_000);
});

describe("the report", () => {
  const row = (value: number, ratio: number): Row => ({
    key: "ingest.rate",
    part: "ingest",
    what: "one event per request",
    value,
    unit: "events/s",
    beside: { what: "floor", value: value / ratio, unit: "req/s" },
    ratio,
    target: "≥ 0.7×",
    met: ratio >= 0.7,
  });
  const report = (rows: Row[]): Report => ({
    bench: "beacon",
    date: "2026-12-01T00:00:00.000Z",
    engine: "sqlite",
    machine: { nproc: 2, cpu: "x", node: "v20", loadavg: [0, 0, 0], memoryGB: 4 },
    options: {},
    generator: "",
    rows,
    seconds: 1,
  });

  it("prints each figure beside its limit, the ratio and whether the target is met", () => {
    const text = table([row(70, 0.14)]);
    expect(text).toContain("70 events/s");
    expect(text).toContain("floor: 500 req/s");
    expect(text).toContain("0.14×");
    expect(text).toContain("**no**");
  });

  it("compares a run with an earlier one by key", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "beacon-bench-test-"));
    try {
      const file = path.join(dir, "old.json");
      writeFileSync(file, JSON.stringify(report([row(70, 0.14)])));
      const text = compare(report([row(700, 0.9)]), file);
      expect(text).toContain("10×");
      expect(text).toContain("0.14×");
      expect(text).toContain("0.9×");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const on = (engine: "sqlite" | "postgres", r: Row): Row => ({ ...r, engine });

  it("adds an engine column only when PostgreSQL figures are there", () => {
    expect(table([row(70, 0.14)])).not.toContain("engine");
    const text = table([on("sqlite", row(70, 0.14)), on("postgres", row(35, 0.07))]);
    expect(text).toContain("| engine");
    expect(text).toContain("PostgreSQL");
    expect(text).toContain("SQLite");
  });

  it("puts each part's PostgreSQL rows right after its SQLite rows", () => {
    const batch: Row = { ...row(1, 1), key: "batch.rate", part: "batch" };
    const merged = mergeRows(
      ["render", "ingest", "batch"],
      [on("sqlite", row(70, 0.14)), on("sqlite", batch)],
      [on("postgres", row(35, 0.07)), on("postgres", batch)],
    );
    expect(merged.map((r) => `${r.part}/${r.engine}`)).toEqual([
      "ingest/sqlite",
      "ingest/postgres",
      "batch/sqlite",
      "batch/postgres",
    ]);
  });

  it("sets the engines' figures side by side, PostgreSQL's over SQLite's", () => {
    const text = engineTable([on("sqlite", row(70, 0.14)), on("postgres", row(35, 0.07))]);
    expect(text).toContain("70 events/s (0.14×)");
    expect(text).toContain("35 events/s (0.07×)");
    expect(text).toContain("0.5×");
    expect(engineTable([on("sqlite", row(70, 0.14))])).toBeNull();
  });

  it("compares PostgreSQL figures with PostgreSQL's, SQLite's by their old keys", () => {
    expect(rowId(row(1, 1))).toBe("ingest.rate");
    expect(rowId(on("sqlite", row(1, 1)))).toBe("ingest.rate");
    expect(rowId(on("postgres", row(1, 1)))).toBe("postgres.ingest.rate");
    const dir = mkdtempSync(path.join(os.tmpdir(), "beacon-bench-test-"));
    try {
      const file = path.join(dir, "old.json");
      writeFileSync(file, JSON.stringify(report([row(70, 0.14), on("postgres", row(20, 0.04))])));
      const text = compare(report([on("postgres", row(40, 0.08))]), file);
      expect(text).toContain("(PostgreSQL)");
      expect(text).toContain("2×");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a dispatchers run", () => {
  const run = {
    dispatchers: 2,
    emails: 100,
    done: 100,
    seconds: 1,
    ceiling: 500,
    calls: 1,
    refusals: 0,
    received: 100,
    distinct: 100,
    sent: 100,
    claims: 100,
    claimedTwice: 0,
    unclaimed: 0,
    retried: 0,
    batchesPerDispatcher: [1],
    stepFailures: 0,
  };

  it("is exactly once only with every email received once and none claimed twice", () => {
    expect(exactlyOnce(run)).toBe(true);
    expect(exactlyOnce({ ...run, claimedTwice: 1, claims: 101 })).toBe(false);
    expect(exactlyOnce({ ...run, received: 101 })).toBe(false);
    expect(exactlyOnce({ ...run, distinct: 99, received: 99 })).toBe(false);
    expect(exactlyOnce({ ...run, unclaimed: 1 })).toBe(false);
    // A retry of the same batch (same idempotency key) is not a second claim.
    expect(exactlyOnce({ ...run, retried: 100 })).toBe(true);
  });
});
