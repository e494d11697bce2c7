import { randomBytes } from "node:crypto";
/*
 * `npm run bench`: every figure of issue 14 beside the limit it is judged against, measured
 * in the same run, in production mode with the embedded defaults (a SQLite file in a temp
 * dir, the bench's own build in .next-bench, its own free ports), and the same figures again
 * on PostgreSQL (a throwaway cluster). Prints one table and writes it as JSON.
 *
 *   npm run bench                              everything (5 to 15 minutes on the 2-core machine, plus the growth seeding, plus PostgreSQL's parts)
 *   npm run bench -- --quick                   short durations: checks that the bench works
 *   npm run bench -- --only ingest,batch       some parts: render portal ingest batch latency dispatch dispatchers memory growth
 *   npm run bench -- --engines sqlite          the database parts on SQLite only (default sqlite,postgres)
 *   npm run bench -- --out FILE                where the JSON goes (default bench/results/latest.json)
 *   npm run bench -- --compare old.json        also print this run's figures against an earlier run's
 *   npm run bench -- --no-build                reuse the existing .next-bench build
 *   BENCH_GROWTH=0,2000 npm run bench          stored-notification sizes of the growth part
 *                                              (default 0,50,100000,1000000; --quick: 0,300)
 *   BENCH_DISPATCHER=off npm run bench -- --only ingest   ingest with no dispatcher (the intake's share alone)
 *
 * Engines: ingest, batch, latency, dispatch, dispatchers and memory run on each engine of
 * --engines; render and portal use no database, growth runs on SQLite only. For PostgreSQL
 * the bench starts a throwaway cluster (lib/testing/postgres-cluster.ts, durable: fsync and
 * synchronous commit on; scripts/ensure-postgres.sh installs the server when it is missing)
 * and runs those parts in a child process of itself with DATABASE_URL set (the engine is
 * chosen once per process), each part on a database of its own; the child's rows join the
 * table beside SQLite's ("engine" column), with a side-by-side table of the figures both
 * have. The cluster is stopped and removed at the end, on failure too. DATABASE_URL set by
 * hand is refused: the bench measures its own cluster, never a server someone uses.
 *
 * dispatchers: 1, 2 and 4 dispatcher processes (`npm run worker`'s lib/runtime/worker-cli.ts,
 * BENCH_WORKERS=1,2,4) on one database against the local Resend server's ceiling, with the
 * counts that show no work was claimed twice (bench/dispatchers.ts).
 *
 * The load comes from a separate Node process (bench/load-generator.ts); its own CPU share
 * is printed, since on a 2-core machine it competes with the server.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { closeDatabase } from "@/db/client";
import { createAccount } from "../db/accounts/provision";
import { type DB, openDatabase } from "../db/client";
import { databaseEngine } from "../db/engine";
import { intakeStoreFor } from "../db/intake-store";
import { seedDemoData } from "../db/seed";
import { currentSecret } from "../db/webhook-secrets";
import { PAGE_SIZE as LOG_PAGE_SIZE } from "../lib/core/log-filters";
import { sampleEvent } from "../lib/core/sample-events";
import { setPause } from "../lib/delivery/pause";
import { acceptEvent } from "../lib/intake/intake";
import { DELIVERY_ID_HEADER } from "../lib/transports/resend";
import { exactlyOnce, runDispatchers } from "./dispatchers";
import { type LoadJob, type LoadResult, percentile } from "./load-generator";
import { measureRender } from "./render";
import { seedNotifications } from "./seed-notifications";
import { storageFloor } from "./storage-floor";
import { runLoad, startLoad } from "./support/load";
import {
  CHILD_ENV,
  createDatabase,
  describeServer,
  postgresCpuMs,
  runOnPostgres,
} from "./support/postgres";
import {
  accountIdBySlug,
  deliveriesWithStatus,
  deliveryIds,
  pendingDeliveries,
} from "./support/queries";
import {
  compare,
  ENGINE_NAMES,
  type Engine,
  engineTable,
  fmt,
  mergeRows,
  type Report,
  type Row,
  table,
} from "./support/report";
import {
  type App,
  buildApp,
  processTree,
  type ResendServer,
  ROOT,
  resetHwm,
  startApp,
  startResendServer,
  treeCpu,
  treeHwm,
  treeHwmByRole,
  treeRss,
} from "./support/server";

const PARTS = [
  "render",
  "portal",
  "ingest",
  "batch",
  "latency",
  "dispatch",
  "dispatchers",
  "memory",
  "growth",
] as const;
type Part = (typeof PARTS)[number];
/** The parts that measure a database: run on each engine of --engines (growth: SQLite only). */
const ENGINE_PARTS: readonly Part[] = [
  "ingest",
  "batch",
  "latency",
  "dispatch",
  "dispatchers",
  "memory",
];
const ENGINES: readonly Engine[] = ["sqlite", "postgres"];

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    out: { type: "string", default: path.join("bench", "results", "latest.json") },
    compare: { type: "string" },
    "no-build": { type: "boolean", default: false },
    engines: { type: "string", default: ENGINES.join(",") },
  },
});

const quick = args.quick ?? false;
const only = new Set<Part>(
  args.only
    ? args.only.split(",").map((part) => {
        if (!(PARTS as readonly string[]).includes(part))
          throw new Error(`--only: unknown part ${part} (parts: ${PARTS.join(", ")})`);
        return part as Part;
      })
    : PARTS,
);
const engines = new Set<Engine>(
  args.engines!.split(",").map((engine) => {
    if (!(ENGINES as readonly string[]).includes(engine))
      throw new Error(`--engines: unknown engine ${engine} (engines: ${ENGINES.join(", ")})`);
    return engine as Engine;
  }),
);

/** Durations and sizes: full by default, short with --quick. */
const C = {
  ingest: { rounds: quick ? 2 : 3, ms: quick ? 3000 : 10_000, connections: 50 },
  batch: { ms: quick ? 4000 : 15_000, connections: 4, floorMinEvents: quick ? 2000 : 20_000 },
  latency: { samples: quick ? 10 : 40, spacingMs: 250 },
  dispatch: { emails: quick ? 2000 : 10_000, perNotification: 50, rps: 5, batch: 100 },
  dispatchers: {
    counts: (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map((n) => Number(n.trim())),
  },
  memory: { events: quick ? 1000 : 10_000 },
  growth: {
    // 50: one full first page of the log, beside the 0-row figure the targets are judged on.
    sizes: (process.env.BENCH_GROWTH ?? (quick ? "0,300" : "0,50,100000,1000000"))
      .split(",")
      .map((n) => Number(n.trim())),
    samples: quick ? 3 : 5,
    ingestMs: quick ? 3000 : 5000,
    ingestRounds: quick ? 1 : 2,
    pageTimeoutMs: 60_000,
  },
  render: { n: quick ? 100 : 400, rounds: quick ? 1 : 3 },
};

// One encryption key for the databases this process seeds and the servers that read them
// (the embedded default keeps a key beside each database, and this process seeds several),
// and a known demo password (the demo data gets random ones unless one is set) to sign in.
process.env.BEACON_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
process.env.DEMO_ADMIN_PASSWORD ||= randomBytes(12).toString("base64url");

const DIST_DIR = process.env.NEXT_DIST_DIR || ".next-bench";
const DEMO_SECRET = "whsec_YmVuY2gtZGVtby13ZWJob29rLXNlY3JldC0zMi1ieXRlcw==";
const AUTH_SECRET = "bench-auth-secret-0123456789abcdef0123456789abcdef";
const ADMIN = {
  email: "admin@demo.test",
  password: process.env.DEMO_ADMIN_PASSWORD as string,
};

// ── Engine ──────────────────────────────────────────────────────────────────────
// This process's engine (db/engine.ts: DATABASE_URL decides, once per process). On
// PostgreSQL it is the bench's own child on its throwaway cluster (bench/support/postgres.ts);
// each part's database is then a new database on that server, as it is a new file on SQLite.
const ENGINE: Engine = databaseEngine();

/** A new, empty database for a part: a file in `tmp`, or a database on the child's cluster. */
async function benchTarget(tmp: string, name: string): Promise<string> {
  return ENGINE === "postgres"
    ? createDatabase(process.env.DATABASE_URL!, name)
    : path.join(tmp, `${name}.db`);
}

function serverDatabaseEnv(target: string): Record<string, string> {
  return ENGINE === "postgres" ? { DATABASE_URL: target } : { DATABASE_PATH: target };
}

function openBenchDatabase(target: string): DB {
  return openDatabase(target);
}

// ── Helpers ─────────────────────────────────────────────────────────────────────

const rows: Row[] = [];
const log = (line: string) => console.log(ENGINE === "postgres" ? `[PostgreSQL] ${line}` : line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const generatorNotes: string[] = [];

function noteGenerator(label: string, results: LoadResult[]) {
  const share = median(results.map((r) => r.generatorCoreShare));
  generatorNotes.push(`${label}: ${Math.round(share * 100)}% of one core`);
}

const template = () =>
  sampleEvent("incident", "open", {
    id: "org_acme_dental",
    name: "Acme Dental",
  }) as unknown as Record<string, unknown>;

function job(app: App, route: string, changes: Partial<LoadJob>): LoadJob {
  return {
    url: `${app.url}${route}`,
    secret: DEMO_SECRET,
    connections: 50,
    eventsPerRequest: 1,
    idPrefix: `x${Date.now()}`,
    template: template(),
    timeoutMs: 600_000,
    ...changes,
  };
}

function statusText(result: LoadResult): string {
  const parts = Object.entries(result.statuses).map(([status, n]) => `${n}×${status}`);
  if (result.resets) parts.push(`${result.resets} reset`);
  for (const [code, n] of Object.entries(result.errors)) parts.push(`${n}×${code}`);
  return parts.join(", ");
}

/** Waits until the server's dispatcher has sent everything queued, so parts don't overlap. */
async function drain(db: DB, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await pendingDeliveries(db)) > 0 && Date.now() < deadline) await sleep(100);
  const left = await pendingDeliveries(db);
  if (left) log(`  (still ${left} deliveries queued after ${timeoutMs / 1000} s; going on)`);
}

async function signedPost(url: string, secret: string, body: string, webhookId: string) {
  const { createHmac } = await import("node:crypto");
  const timestamp = Math.floor(Date.now() / 1000);
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key)
    .update(`${webhookId}.${timestamp}.${body}`)
    .digest("base64");
  return fetch(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": `v1,${signature}`,
    },
  });
}

type ReceivedEmail = { createdAt: string; headers: Record<string, string> };

async function receivedEmails(resend: ResendServer): Promise<ReceivedEmail[]> {
  const answer = (await (await fetch(`${resend.url}/_control/emails?summary=1`)).json()) as {
    data: ReceivedEmail[];
  };
  return answer.data;
}

// ── Parts ───────────────────────────────────────────────────────────────────────

async function partRender() {
  log(`render: ${C.render.n} per template in ${C.render.rounds} round(s), in this process`);
  const figures = await measureRender(C.render.n, C.render.rounds);
  rows.push({
    key: "render.mean",
    part: "render",
    what: "notifications rendered (HTML + text), even mix of templates",
    value: figures.perSecond,
    unit: "/s",
    note: `${fmt(figures.perCpuSecond)} per CPU-second`,
    target: "≥ 1,000/s",
    met: figures.perSecond >= 1000,
  });
  rows.push({
    key: "render.slowest",
    part: "render",
    what: `slowest template: ${figures.slowest.label}`,
    value: figures.slowest.perSecond,
    unit: "/s",
    target: "≥ 1,000/s",
    met: figures.slowest.perSecond >= 1000,
  });
}

function partPortal() {
  const file = path.join(ROOT, DIST_DIR, "diagnostics", "route-bundle-stats.json");
  const stats = JSON.parse(readFileSync(file, "utf8")) as {
    route: string;
    firstLoadUncompressedJsBytes: number;
    firstLoadChunkPaths: string[];
  }[];
  for (const route of stats.sort((a, b) => a.route.localeCompare(b.route))) {
    if (route.route === "/_not-found") continue;
    const gzip = route.firstLoadChunkPaths.reduce(
      (sum, chunk) => sum + gzipSync(readFileSync(path.join(ROOT, chunk))).length,
      0,
    );
    rows.push({
      key: `portal.${route.route}`,
      part: "portal",
      what: `first-load JS of ${route.route}`,
      value: gzip / 1024,
      unit: "kB gzip",
      note: `${fmt(route.firstLoadUncompressedJsBytes / 1024)} kB raw, ${route.firstLoadChunkPaths.length} chunks`,
    });
  }
}

async function partIngest(app: App, db: DB) {
  log(
    `ingest: ${C.ingest.rounds} rounds of floor then webhook, ${C.ingest.ms / 1000} s each at ${C.ingest.connections} connections`,
  );
  const floors: LoadResult[] = [];
  const reals: LoadResult[] = [];
  const floorCpu: number[] = [];
  const webCpu: number[] = [];
  const dispatcherCpu: number[] = [];
  // On PostgreSQL the database works in its own processes, outside the server's tree.
  const databaseCpu: number[] = [];
  for (let round = 0; round < C.ingest.rounds; round++) {
    await drain(db);
    let cpu = treeCpu(app.pid);
    const floor = await runLoad(
      job(app, "/api/bench/floor", { durationMs: C.ingest.ms, idPrefix: `floor_${round}` }),
    );
    floors.push(floor);
    const afterFloor = treeCpu(app.pid);
    floorCpu.push(((afterFloor.web - cpu.web) * 1000) / Math.max(1, floor.requests));
    cpu = afterFloor;
    const databaseBefore = postgresCpuMs();
    log(
      `  floor  round ${round + 1}: ${fmt(floor.requests / floor.seconds)} req/s  p50 ${fmt(floor.latencyMs.p50)} ms  p99 ${fmt(floor.latencyMs.p99)} ms  (${statusText(floor)})`,
    );
    const real = await runLoad(
      job(app, "/api/v1/accounts/demo/notifications", {
        durationMs: C.ingest.ms,
        idPrefix: `ingest_${Date.now()}_${round}`,
      }),
    );
    reals.push(real);
    // The dispatcher's share counts until it has sent what this round accepted.
    const afterWebhook = treeCpu(app.pid);
    await drain(db);
    const drained = treeCpu(app.pid);
    const databaseAfter = postgresCpuMs();
    if (databaseBefore !== null && databaseAfter !== null)
      databaseCpu.push(
        ((databaseAfter - databaseBefore) * 1000) / Math.max(1, real.eventsAccepted),
      );
    webCpu.push(((afterWebhook.web - cpu.web) * 1000) / Math.max(1, real.eventsAccepted));
    dispatcherCpu.push(
      ((drained.dispatcher - cpu.dispatcher) * 1000) / Math.max(1, real.eventsAccepted),
    );
    log(
      `  webhook round ${round + 1}: ${fmt(real.eventsAccepted / real.seconds)} events/s  p50 ${fmt(real.latencyMs.p50)} ms  p99 ${fmt(real.latencyMs.p99)} ms  (${statusText(real)})`,
    );
    log(
      `  server CPU: floor ${fmt(floorCpu.at(-1)!)} µs/request, webhook ${fmt(webCpu.at(-1)!)} µs/event, dispatcher ${fmt(dispatcherCpu.at(-1)!)} µs/event${databaseCpu.length ? `, PostgreSQL ${fmt(databaseCpu.at(-1)!)} µs/event` : ""}`,
    );
  }
  noteGenerator("ingest floor", floors);
  noteGenerator("ingest webhook", reals);
  const floorRate = median(floors.map((r) => (r.statuses[202] ?? 0) / r.seconds));
  const rate = median(reals.map((r) => r.eventsAccepted / r.seconds));
  const p50 = median(reals.map((r) => r.latencyMs.p50));
  const p99 = median(reals.map((r) => r.latencyMs.p99));
  const floorP50 = median(floors.map((r) => r.latencyMs.p50));
  const floorP99 = median(floors.map((r) => r.latencyMs.p99));
  const refused = reals.reduce((sum, r) => sum + r.requests - r.eventsAccepted, 0);
  rows.push({
    key: "ingest.rate",
    part: "ingest",
    what: `one event per request, ${C.ingest.connections} connections, signed, dispatcher on`,
    value: rate,
    unit: "events/s",
    beside: { what: "Next floor route, same build", value: floorRate, unit: "req/s" },
    ratio: rate / floorRate,
    target: "≥ 0.7×",
    met: rate / floorRate >= 0.7,
    note: refused
      ? `${refused} requests not answered 2xx: ${reals.map(statusText).join("; ")}`
      : undefined,
  });
  const floorUs = median(floorCpu);
  const webUs = median(webCpu);
  rows.push({
    key: "ingest.cpu",
    part: "ingest",
    what: "one event per request: web server CPU per event (from /proc, whatever else runs)",
    value: webUs,
    unit: "µs",
    beside: { what: "floor: web server CPU per request", value: floorUs, unit: "µs" },
    ratio: webUs / floorUs,
    note: [
      `dispatcher child meanwhile: ${fmt(median(dispatcherCpu))} µs per event (render, claim, send, settle)`,
      databaseCpu.length
        ? `PostgreSQL's own processes (every connection's queries, until the dispatcher had sent it all): ${fmt(median(databaseCpu))} µs per event`
        : "",
    ]
      .filter(Boolean)
      .join("; "),
  });
  rows.push({
    key: "ingest.p50",
    part: "ingest",
    what: "one event per request: p50 latency",
    value: p50,
    unit: "ms",
    beside: { what: "floor p50", value: floorP50, unit: "ms" },
    ratio: p50 / floorP50,
  });
  rows.push({
    key: "ingest.p99",
    part: "ingest",
    what: "one event per request: p99 latency",
    value: p99,
    unit: "ms",
    beside: { what: "floor p99", value: floorP99, unit: "ms" },
    ratio: p99 / floorP99,
    target: "< 250 ms",
    met: p99 < 250,
  });
}

async function partBatch(app: App, db: DB, tmp: string) {
  await drain(db);
  const prefix = `batch_${Date.now()}`;
  log(
    `batch: 100 events a request, ${C.batch.connections} connections, ${C.batch.ms / 1000} s, then the storage floor`,
  );
  const result = await runLoad(
    job(app, "/api/v1/accounts/demo/notifications/batch", {
      connections: C.batch.connections,
      durationMs: C.batch.ms,
      eventsPerRequest: 100,
      idPrefix: prefix,
    }),
  );
  noteGenerator("batch", [result]);
  const rate = result.eventsAccepted / result.seconds;
  log(
    `  webhook: ${result.eventsAccepted} events in ${fmt(result.seconds)} s = ${fmt(rate)} events/s; per request p50 ${fmt(result.latencyMs.p50)} ms (${statusText(result)})`,
  );
  await drain(db);
  const copy = openBenchDatabase(await benchTarget(tmp, "floor"));
  let floor: number;
  try {
    floor = await storageFloor(
      db,
      copy,
      `msg_${prefix}`,
      Math.max(C.batch.floorMinEvents, result.eventsAccepted),
    );
  } finally {
    await closeDatabase(copy);
  }
  log(`  storage floor: ${fmt(floor)} events/s`);
  rows.push({
    key: "batch.rate",
    part: "batch",
    what: "batch endpoint, 100 events a request, stored durably",
    value: rate,
    unit: "events/s",
    beside: {
      what:
        ENGINE === "postgres"
          ? "storage floor: same rows by node-postgres, 1 multi-row INSERT per table, 1 transaction per 100"
          : "storage floor: same rows by better-sqlite3, 1 transaction per 100",
      value: floor,
      unit: "events/s",
    },
    ratio: rate / floor,
    target: "≥ 0.5× and ≥ 10,000/s",
    met: rate / floor >= 0.5 && rate >= 10_000,
    note: `per request p50 ${fmt(result.latencyMs.p50)} ms, p99 ${fmt(result.latencyMs.p99)} ms; ${result.requests} requests: ${statusText(result)}`,
  });
}

async function partLatency(app: App, db: DB, resend: ResendServer) {
  await drain(db);
  log(`latency: ${C.latency.samples} events, one every ${C.latency.spacingMs} ms, 202 → provider`);
  const accepted = new Map<string, number>();
  const prefix = `lat_${Date.now()}`;
  for (let i = 0; i < C.latency.samples; i++) {
    const started = Date.now();
    const body = JSON.stringify({ ...template(), id: `${prefix}_${i}` });
    const response = await signedPost(
      `${app.url}/api/v1/accounts/demo/notifications`,
      DEMO_SECRET,
      body,
      `msg_${prefix}_${i}`,
    );
    const at = Date.now();
    const answer = (await response.json()) as { id?: string };
    if (response.status !== 202 || !answer.id)
      throw new Error(`latency event ${i}: ${response.status}`);
    accepted.set(answer.id, at);
    await sleep(Math.max(0, started + C.latency.spacingMs - Date.now()));
  }
  const latencies: number[] = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const emails = await receivedEmails(resend);
    latencies.length = 0;
    for (const email of emails) {
      const sentAt = accepted.get(email.headers["X-Beacon-Notification-Id"] ?? "");
      if (sentAt !== undefined) latencies.push(Date.parse(email.createdAt) - sentAt);
    }
    if (latencies.length >= accepted.size) break;
    await sleep(200);
  }
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  rows.push({
    key: "latency.p50",
    part: "latency",
    what: "idle: 202 → the provider has the email, p50",
    value: p50,
    unit: "ms",
    target: "< 50 ms",
    met: p50 < 50,
    note: `${latencies.length} of ${accepted.size} arrived; min ${fmt(latencies[0])} ms, below 0 when the email is there before the caller has read its 202`,
  });
  rows.push({
    key: "latency.p99",
    part: "latency",
    what: "idle: 202 → the provider has the email, p99",
    value: percentile(latencies, 99),
    unit: "ms",
  });
}

async function partDispatch(db: DB, resend: ResendServer, underIngest: App | null) {
  await drain(db);
  const tag = underIngest ? "loaded" : "idle";
  const { emails, perNotification, rps, batch } = C.dispatch;
  const notifications = Math.ceil(emails / perNotification);
  const slug = `bench-dispatch-${tag}-${Date.now()}`;
  const defaults = Array.from({ length: perNotification }, (_, i) => `soc${i}@${tag}.bench.test`);
  const accountId = await createAccount(db, { name: `Bench ${tag}`, slug, defaults });
  const account = { id: accountId, slug };
  // Hold the server's dispatcher while the work is queued, so the clock starts with all of it.
  await setPause(db, {
    until: Date.now() + 30 * 60_000,
    reason: "bench: queueing the dispatch part",
  });
  for (let i = 0; i < notifications; i++) {
    const event = sampleEvent("incident", "open", { id: "org_bench", name: "Bench Customer" });
    event.id = `${slug}_${i}`;
    const result = await acceptEvent(intakeStoreFor(db), account, {
      event,
      payload: event,
      webhookId: `${slug}_${i}`,
    });
    if (result.status !== "queued") throw new Error(`dispatch event ${i}: ${result.status}`);
  }
  const total = await pendingDeliveries(db, accountId);
  let load: ReturnType<typeof startLoad> | null = null;
  if (underIngest) {
    // Ingest into an account with no recipients: the full intake (signed, validated, routed,
    // committed) on the server's thread, without adding emails to the provider's budget.
    const quietId = await createAccount(db, {
      name: "Bench quiet",
      slug: `${slug}-quiet`,
      defaults: [],
    });
    const secret = (await currentSecret(db, quietId))!.secret;
    load = startLoad(
      job(underIngest, `/api/v1/accounts/${slug}-quiet/notifications`, {
        secret,
        durationMs: 30 * 60_000,
        idPrefix: `${slug}_ingest`,
      }),
    );
    await sleep(1000);
  }
  log(
    `dispatch (${tag}): ${total} emails queued, provider at ${rps} requests/s × ${batch} = ${rps * batch}/s${underIngest ? ", ingest running" : ""}`,
  );
  const started = performance.now();
  // Released by a write that wakes the dispatcher on both engines (see bench/dispatchers.ts).
  await setPause(db, { until: Date.now(), reason: "bench: go" });
  const deadline = Date.now() + 10 * 60_000;
  while ((await pendingDeliveries(db, accountId)) > 0 && Date.now() < deadline) await sleep(50);
  const seconds = (performance.now() - started) / 1000;
  // Stopped at the deadline, only what was sent counts.
  const done = total - (await pendingDeliveries(db, accountId));
  load?.stop();
  const ingest = load ? await load.result : null;
  if (ingest) noteGenerator("ingest during dispatch", [ingest]);

  const ids = await deliveryIds(db, accountId);
  const sent = await deliveriesWithStatus(db, accountId, "sent");
  const startedAt = new Date(Date.now() - seconds * 1000).toISOString();
  const calls = (
    (await (await fetch(`${resend.url}/_control/requests`)).json()) as {
      data: { at: string; status: number | string }[];
    }
  ).data.filter((call) => call.at >= startedAt);
  const refusals = calls.filter((call) => call.status === 429).length;
  const received = (await receivedEmails(resend))
    .map((email) => email.headers[DELIVERY_ID_HEADER] ?? "")
    .filter((id) => ids.has(id));
  const exactlyOnce =
    sent === total && received.length === total && new Set(received).size === total;
  const rate = done / seconds;
  const ceiling = rps * batch;
  const minimum = underIngest ? 0.9 : 0.95;
  log(
    `  ${total} emails in ${fmt(seconds)} s = ${fmt(rate)}/s; ${calls.length} provider calls (${refusals}×429); received ${received.length}, distinct ${new Set(received).size}, sent ${sent}${ingest ? `; ingest meanwhile ${fmt(ingest.eventsAccepted / ingest.seconds)} events/s (${statusText(ingest)})` : ""}`,
  );
  rows.push({
    key: `dispatch.${tag}`,
    part: "dispatch",
    what: underIngest
      ? "emails through the Resend transport while ingest runs"
      : "emails through the Resend transport, idle",
    value: rate,
    unit: "emails/s",
    beside: { what: `provider ceiling ${rps} req/s × ${batch}`, value: ceiling, unit: "emails/s" },
    ratio: rate / ceiling,
    target: `≥ ${minimum}×, each exactly once`,
    met: rate / ceiling >= minimum && exactlyOnce,
    note: [
      `${total} emails${done < total ? `, only ${done} sent after 10 minutes` : ""}, ${exactlyOnce ? "each exactly once" : "NOT each exactly once"}`,
      `${calls.length} provider calls, ${refusals} answered 429`,
      ingest ? `ingest meanwhile ${fmt(ingest.eventsAccepted / ingest.seconds)} events/s` : "",
    ]
      .filter(Boolean)
      .join("; "),
  });
}

/**
 * 1, 2 and 4 dispatcher processes (BENCH_WORKERS) on one database of their own, no web server:
 * throughput against the provider's ceiling, and the counts that say no work was claimed
 * twice and every email arrived once (bench/dispatchers.ts).
 */
async function partDispatchers(tmp: string) {
  const { emails, perNotification, rps, batch } = C.dispatch;
  const counts = C.dispatchers.counts;
  log(
    `dispatchers: ${counts.join(", ")} dispatcher processes on one ${ENGINE_NAMES[ENGINE]} database, ${emails} emails a run, provider at ${rps} requests/s × ${batch}`,
  );
  const target = await benchTarget(tmp, "dispatchers");
  const db = openBenchDatabase(target);
  try {
    for (const dispatchers of counts) {
      const run = await runDispatchers({
        db,
        databaseEnv: serverDatabaseEnv(target),
        dispatchers,
        emails,
        perNotification,
        rps,
        batch,
        log,
      });
      const rate = run.done / run.seconds;
      const once = exactlyOnce(run);
      const receivedTwice = run.received - run.distinct;
      const missing = run.emails - run.distinct;
      log(
        `  ${run.emails} emails in ${fmt(run.seconds)} s = ${fmt(rate)}/s (${fmt(rate / run.ceiling)}× the ceiling); ${run.calls} provider calls (${run.refusals}×429); received ${run.received}, distinct ${run.distinct}, sent ${run.sent}; ${run.claims} claims, claimed twice: ${run.claimedTwice}, never claimed ${run.unclaimed}, retried in the same batch ${run.retried}; batches seen per dispatcher ${run.batchesPerDispatcher.join("/") || "none"}; ${run.stepFailures} dispatcher steps failed${run.firstFailure ? ` (first: ${run.firstFailure})` : ""}`,
      );
      const processes = `${dispatchers} dispatcher process${dispatchers === 1 ? "" : "es"}`;
      rows.push({
        key: `dispatchers.${dispatchers}`,
        part: "dispatchers",
        what: `${processes} on one database: emails through the Resend transport`,
        value: rate,
        unit: "emails/s",
        beside: {
          what: `provider ceiling ${rps} req/s × ${batch}`,
          value: run.ceiling,
          unit: "emails/s",
        },
        ratio: rate / run.ceiling,
        target: "≥ 0.95×, each exactly once",
        met: rate / run.ceiling >= 0.95 && once,
        note: [
          `${run.emails} emails${run.done < run.emails ? `, only ${run.done} sent after 10 minutes` : ""}, ${once ? "each exactly once" : "NOT each exactly once"}`,
          `${run.calls} provider calls, ${run.refusals} answered 429`,
          `batches seen per dispatcher ${run.batchesPerDispatcher.join("/") || "none"}`,
          run.stepFailures
            ? `${run.stepFailures} dispatcher steps failed (a batch whose settle failed waits out its lease, then goes again with the same key)`
            : "",
        ]
          .filter(Boolean)
          .join("; "),
      });
      rows.push({
        key: `dispatchers.${dispatchers}.claimed_twice`,
        part: "dispatchers",
        what: `${processes}: deliveries claimed twice`,
        value: run.claimedTwice,
        unit: "",
        target: "0",
        met: run.claimedTwice === 0 && receivedTwice === 0,
        note: `${run.claims} claims of ${run.emails} deliveries, ${run.unclaimed} never claimed, ${run.retried} retried in their batch (same idempotency key); at the provider ${receivedTwice} received twice, ${missing} missing`,
      });
    }
  } finally {
    await closeDatabase(db);
  }
}

/** The server of the live parts: Resend transport to the local server, dispatcher on, floor route on. */
function liveEnv(target: string, resend: ResendServer): Record<string, string> {
  return {
    ...serverDatabaseEnv(target),
    DEMO_WEBHOOK_SECRET: DEMO_SECRET,
    BETTER_AUTH_SECRET: AUTH_SECRET,
    BENCH_FLOOR: "1",
    DISPATCHER: process.env.BENCH_DISPATCHER ?? "process",
    RESEND_API_KEY: "re_bench",
    RESEND_BASE_URL: resend.url,
  };
}

/**
 * A fresh server of its own (same settings as the other live parts, its own database), so
 * its peak RSS is the burst's and not what earlier parts left in its heap.
 */
async function partMemory(tmp: string, resend: ResendServer) {
  const app = await startApp({
    distDir: DIST_DIR,
    env: liveEnv(await benchTarget(tmp, "memory"), resend),
  });
  try {
    await burst(app);
  } finally {
    await app.stop();
  }
}

async function burst(app: App) {
  const requests = Math.ceil(C.memory.events / 100);
  const before = treeRss(app.pid);
  log(
    `memory: a burst of ${C.memory.events} events as ${requests} batch requests at once, fresh server at ${fmt(before / 1024 / 1024)} MB`,
  );
  const hwmReset = resetHwm(app.pid);
  let peak = before;
  // The tree is walked once a second, not on every sample: walking all of /proc 20 times a
  // second would cost the 2-core machine more than the sampling it serves.
  let pids = processTree(app.pid);
  let samples = 0;
  const sampler = setInterval(() => {
    if (++samples % 20 === 0) pids = processTree(app.pid);
    peak = Math.max(peak, treeRss(app.pid, pids));
  }, 50);
  await loopDelay(app, true);
  const result = await runLoad(
    job(app, "/api/v1/accounts/demo/notifications/batch", {
      connections: requests,
      requests,
      eventsPerRequest: 100,
      idPrefix: `burst_${Date.now()}`,
    }),
  );
  clearInterval(sampler);
  const delay = await loopDelay(app);
  peak = Math.max(peak, treeRss(app.pid));
  const hwm = hwmReset ? treeHwm(app.pid) : 0;
  const byRole = hwmReset ? treeHwmByRole(app.pid) : null;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const ok = Object.entries(result.statuses)
    .filter(([status]) => Number(status) < 300)
    .reduce((sum, [, n]) => sum + n, 0);
  const shed = (result.statuses[503] ?? 0) + (result.statuses[429] ?? 0);
  log(
    `  ${fmt(result.seconds)} s: ${statusText(result)}; ${result.eventsAccepted} events accepted; peak RSS ${fmt(mb(peak))} MB (VmHWM ${fmt(mb(hwm))} MB)`,
  );
  rows.push({
    key: "memory.peak",
    part: "memory",
    what: `server peak RSS during a ${C.memory.events}-event burst`,
    value: mb(Math.max(peak, hwm)),
    unit: "MB",
    target: "< 300 MB",
    met: mb(Math.max(peak, hwm)) < 300,
    note: `fresh web server at ${fmt(before / 1024 / 1024)} MB before; VmRSS sampled every 50 ms${hwmReset ? " and VmHWM" : ""}`,
  });
  if (byRole) {
    rows.push({
      key: "memory.peak_web",
      part: "memory",
      what: "burst: peak RSS of the web server alone (VmHWM)",
      value: mb(byRole.web),
      unit: "MB",
      note: `the dispatcher child apart: ${fmt(mb(byRole.dispatcher))} MB`,
    });
  }
  rows.push({
    key: "memory.burst_seconds",
    part: "memory",
    what: `burst: time until every request was answered`,
    value: result.seconds,
    unit: "s",
    target: "< 5 s",
    met: result.seconds < 5,
    note: `${result.eventsAccepted} of ${C.memory.events} events accepted`,
  });
  rows.push({
    key: "memory.burst_loop_p99",
    part: "memory",
    what: "burst: the web server's event-loop delay, p99",
    value: delay.p99,
    unit: "ms",
    target: "< 100 ms",
    met: delay.p99 < 100,
    note: `perf_hooks.monitorEventLoopDelay in the server, ${delay.samples} samples of 10 ms from just before the first request to the last answer; max ${fmt(delay.max)} ms, p50 ${fmt(delay.p50)} ms`,
  });
  rows.push({
    key: "memory.burst_unanswered",
    part: "memory",
    what: `burst: requests reset or failed unanswered (of ${requests})`,
    value: result.resets + Object.values(result.errors).reduce((a, b) => a + b, 0),
    unit: "",
    target: "0",
    met: result.resets === 0 && Object.keys(result.errors).length === 0,
    note: `${ok} got 2xx, ${shed} got 503/429, ${result.resets} reset`,
  });
}

type LoopDelay = { samples: number; p50: number; p99: number; max: number };

/** The server's event-loop delay since the last reset (the floor route's GET, BENCH_FLOOR=1). */
async function loopDelay(app: App, reset = false): Promise<LoopDelay> {
  const response = await fetch(`${app.url}/api/bench/floor${reset ? "?reset=1" : ""}`);
  if (!response.ok) throw new Error(`event-loop delay: ${response.status}`);
  return (await response.json()) as LoopDelay;
}

async function signIn(app: App): Promise<string> {
  const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** One GET of a portal page as the signed-in admin: milliseconds to the whole answer. */
async function pageOnce(app: App, cookie: string, route: string): Promise<number> {
  const started = performance.now();
  try {
    const response = await fetch(`${app.url}${route}`, {
      headers: { cookie },
      redirect: "manual",
      signal: AbortSignal.timeout(C.growth.pageTimeoutMs),
    });
    await response.text();
    if (response.status !== 200) throw new Error(`${route}: ${response.status}`);
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return C.growth.pageTimeoutMs;
    throw error;
  }
  return performance.now() - started;
}

type GrowthServer = { size: number; app: App; cookie: string; pages: [string, string, string][] };

/**
 * Each size gets its own database (seeded before its server starts) and its own server, all
 * running at once, so the sizes can be measured in turn, round after round (the machine's
 * noise then falls on every size alike); medians count. Pages first, ingest last (it adds
 * rows). A page slower than 10 s is not asked for again.
 */
async function partGrowth(tmp: string) {
  const sizes = C.growth.sizes;
  log(
    `growth: sizes ${sizes.join(", ")} (BENCH_GROWTH), dispatcher off, mailbox transport; ${C.growth.samples} rounds across the sizes`,
  );
  const servers: GrowthServer[] = [];
  try {
    for (const size of sizes) {
      const file = path.join(tmp, `growth-${size}.db`);
      const db = openBenchDatabase(file);
      await seedDemoData(db);
      const seedStarted = performance.now();
      await seedNotifications(db, await accountIdBySlug(db, "demo"), size, log);
      log(`  ${size} notifications seeded in ${fmt((performance.now() - seedStarted) / 1000)} s`);
      await closeDatabase(db);
      const app = await startApp({
        distDir: DIST_DIR,
        env: {
          ...serverDatabaseEnv(file),
          DEMO_WEBHOOK_SECRET: DEMO_SECRET,
          BETTER_AUTH_SECRET: AUTH_SECRET,
          DISPATCHER: "off",
          RESEND_API_KEY: undefined,
        },
      });
      const cookie = await signIn(app);
      // The detail page needs a notification, at 0 too: one event through the webhook.
      const probe = await signedPost(
        `${app.url}/api/v1/accounts/demo/notifications`,
        DEMO_SECRET,
        JSON.stringify({ ...template(), id: `probe_${size}` }),
        `msg_probe_${size}`,
      );
      const probeId = ((await probe.json()) as { id: string }).id;
      servers.push({
        size,
        app,
        cookie,
        pages: [
          ["overview", "Overview /", "/"],
          ["notifications", "Notifications, first page", "/notifications"],
          ["filtered", "Notifications, status=failed", "/notifications?status=failed"],
          ["detail", "a notification's detail", `/notifications/${probeId}`],
          ["email", "Email Integration page", "/integrations/email"],
        ],
      });
    }
    const times = new Map<string, number[]>();
    const add = (key: string, value: number) => times.set(key, [...(times.get(key) ?? []), value]);
    // Warm-up: every route compiled and every cache filled before the clock counts.
    for (const server of servers) {
      for (const [, , route] of server.pages) {
        for (let i = 0; i < 3; i++) {
          if ((await pageOnce(server.app, server.cookie, route)) > 10_000) break;
        }
      }
    }
    for (let round = 0; round < C.growth.samples; round++) {
      for (const server of servers) {
        for (const [key, , route] of server.pages) {
          const id = `${key}.${server.size}`;
          if ((times.get(id) ?? []).some((t) => t > 10_000)) continue;
          add(id, await pageOnce(server.app, server.cookie, route));
        }
      }
    }
    for (let round = 0; round < C.growth.ingestRounds; round++) {
      for (const server of servers) {
        const ingest = await runLoad(
          job(server.app, "/api/v1/accounts/demo/notifications", {
            durationMs: C.growth.ingestMs,
            idPrefix: `growth_${server.size}_${round}_${Date.now()}`,
          }),
        );
        noteGenerator(`growth ingest at ${server.size}`, [ingest]);
        add(`ingest.${server.size}`, ingest.eventsAccepted / ingest.seconds);
      }
    }
    const kinds: [string, string, string][] = [
      ...servers[0]!.pages.map(([key, what]): [string, string, string] => [key, what, "ms"]),
      ["ingest", "single-event ingest, 50 connections", "events/s"],
    ];
    for (const server of servers) {
      log(
        `  at ${server.size}: ${kinds.map(([key, , unit]) => `${key} ${fmt(median(times.get(`${key}.${server.size}`)!), unit)}`).join(", ")}`,
      );
    }
    // At 0 the log lists only the probe; a page of 50 is what later sizes show, so their
    // figure is also given against it (growth proper), while the target stays the 0-row one.
    const onePage = servers.find((s) => s.size === LOG_PAGE_SIZE);
    for (const [key, what, unit] of kinds) {
      const first = median(times.get(`${key}.${sizes[0]}`)!);
      const atOnePage = onePage ? median(times.get(`${key}.${onePage.size}`)!) : null;
      for (const server of servers) {
        const value = median(times.get(`${key}.${server.size}`)!);
        const ratio = value / first;
        const pageNote =
          key !== "ingest" && atOnePage !== null && server.size > LOG_PAGE_SIZE
            ? `${fmt(value / atOnePage)}× its figure at ${LOG_PAGE_SIZE} stored, one full page`
            : undefined;
        const higherIsBetter = unit === "events/s";
        const isBase = server === servers[0];
        rows.push({
          key: `growth.${key}.${server.size}`,
          part: "growth",
          what: `${what}, ${server.size.toLocaleString("en-US")} stored`,
          value,
          unit,
          ...(isBase
            ? {}
            : {
                beside: { what: `at ${sizes[0]!.toLocaleString("en-US")}`, value: first, unit },
                ratio,
                target: higherIsBetter ? "≥ 0.5×" : "≤ 2×",
                met: higherIsBetter ? ratio >= 0.5 : ratio <= 2,
              }),
          note:
            key !== "ingest" && value >= C.growth.pageTimeoutMs
              ? `stopped at ${C.growth.pageTimeoutMs / 1000} s`
              : pageNote,
        });
      }
    }
  } finally {
    for (const server of servers) await server.app.stop();
  }
}

// ── Main ────────────────────────────────────────────────────────────────────────

/**
 * The parts that measure a database, on this process's engine, each on a database of its
 * own; their rows are marked with the engine.
 */
async function engineParts(tmp: string) {
  const from = rows.length;
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const live = (["ingest", "batch", "latency", "dispatch", "memory"] as const).filter((p) =>
      only.has(p),
    );
    if (live.length > 0) {
      const resend = await startResendServer(C.dispatch.rps);
      cleanup.push(() => resend.stop());
      const target = await benchTarget(tmp, "bench");
      const app = await startApp({ distDir: DIST_DIR, env: liveEnv(target, resend) });
      cleanup.push(() => app.stop());
      const db = openBenchDatabase(target);
      cleanup.push(async () => {
        await closeDatabase(db);
      });
      log(`server: ${app.url} (pid ${app.pid}), Resend server ${resend.url}, data in ${tmp}`);
      if (only.has("ingest")) await partIngest(app, db);
      if (only.has("batch")) await partBatch(app, db, tmp);
      if (only.has("latency")) await partLatency(app, db, resend);
      if (only.has("dispatch")) {
        await partDispatch(db, resend, null);
        await partDispatch(db, resend, app);
      }
      if (only.has("memory")) await partMemory(tmp, resend);
      for (const stop of cleanup.reverse().splice(0)) await stop();
    }
    if (only.has("dispatchers")) await partDispatchers(tmp);
    if (only.has("growth") && ENGINE === "sqlite") await partGrowth(tmp);
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => {});
  }
  for (const row of rows.slice(from)) row.engine = ENGINE;
}

function machine(loadAtStart: number[]): Report["machine"] {
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "",
    node: process.version,
    loadavg: os.loadavg(),
    loadavgAtStart: loadAtStart,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
  };
}

/** A folder of this run's files, removed at the end, and also if the bench exits early. */
function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The child on the bench's PostgreSQL cluster: the engine parts, its report written to --out. */
async function postgresChild() {
  if (!process.env[CHILD_ENV]) {
    console.error(
      "DATABASE_URL names PostgreSQL: unset it. `npm run bench` measures PostgreSQL on a throwaway cluster of its own (--engines sqlite,postgres), never on a server in use.",
    );
    process.exit(2);
  }
  const startedAll = performance.now();
  const loadAtStart = os.loadavg();
  const tmp = temporaryFolder("beacon-bench-pg-");
  try {
    await engineParts(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const report: Report = {
    bench: "beacon",
    date: new Date().toISOString(),
    engine: ENGINE,
    postgres: await describeServer(process.env.DATABASE_URL!),
    machine: machine(loadAtStart),
    options: { quick, only: [...only], distDir: DIST_DIR },
    generator: "",
    generatorShares: generatorNotes,
    rows,
    seconds: (performance.now() - startedAll) / 1000,
  };
  writeFileSync(path.resolve(args.out!), `${JSON.stringify(report, null, 2)}\n`);
}

async function main() {
  if (ENGINE === "postgres") return postgresChild();
  const startedAll = performance.now();
  const loadAtStart = os.loadavg();
  const tmp = temporaryFolder("beacon-bench-");
  process.env.DEMO_WEBHOOK_SECRET = DEMO_SECRET;
  const onPostgres = engines.has("postgres") ? ENGINE_PARTS.filter((part) => only.has(part)) : [];
  log(
    `npm run bench${quick ? " --quick" : ""}: parts ${[...only].join(", ")}; engines ${[...engines].map((e) => ENGINE_NAMES[e]).join(", ")}; ${os.cpus().length} cores, node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  let postgres: string | undefined;
  try {
    if (only.has("render")) await partRender();
    const needsBuild = [...only].some((part) => part !== "render");
    if (needsBuild) {
      const hasBuild = (() => {
        try {
          readFileSync(path.join(ROOT, DIST_DIR, "BUILD_ID"));
          return true;
        } catch {
          return false;
        }
      })();
      if (args["no-build"] && hasBuild) log(`build: reusing ${DIST_DIR}`);
      else log(`build: next build into ${DIST_DIR} in ${fmt(buildApp(DIST_DIR))} s`);
    }
    if (only.has("portal")) partPortal();
    if (engines.has("sqlite")) await engineParts(tmp);
    else if (only.has("growth")) log("growth: SQLite only, and --engines has no sqlite: skipped");
    if (onPostgres.length > 0) {
      log(`PostgreSQL: ${onPostgres.join(", ")} on a throwaway cluster, in a child process`);
      const child = await runOnPostgres(
        ["--only", onPostgres.join(","), ...(quick ? ["--quick"] : [])],
        path.join(tmp, "postgres.json"),
      );
      rows.push(...child.rows);
      generatorNotes.push(...(child.generatorShares ?? []).map((note) => `PostgreSQL ${note}`));
      postgres = child.postgres;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const generator = `a separate Node process (bench/load-generator.ts: node:http keep-alive, one socket per connection, every request signed with HMAC-SHA256 and a unique webhook-id); its own CPU, from process.cpuUsage() in the generator over each run: ${generatorNotes.join("; ") || "not used"}`;
  const all = mergeRows(PARTS, rows);
  const report: Report = {
    bench: "beacon",
    date: new Date().toISOString(),
    engine: ENGINE,
    engines: [...new Set(all.flatMap((row) => (row.engine ? [row.engine] : [])))],
    ...(postgres ? { postgres } : {}),
    machine: machine(loadAtStart),
    options: {
      quick,
      only: [...only],
      engines: [...engines],
      growth: C.growth.sizes,
      distDir: DIST_DIR,
    },
    generator,
    rows: all,
    seconds: (performance.now() - startedAll) / 1000,
  };
  console.log(`\n${table(all)}\n`);
  const sideBySide = engineTable(all);
  if (sideBySide)
    console.log(`The figures measured on both engines, in this run:\n\n${sideBySide}\n`);
  console.log(`Load: ${generator}.`);
  if (postgres) console.log(`PostgreSQL: ${postgres}.`);
  console.log(
    `Machine: ${report.machine.nproc} cores (${report.machine.cpu}), node ${report.machine.node}, ${report.date}; load average ${loadAtStart[0]!.toFixed(1)} at the start, ${report.machine.loadavg[0]!.toFixed(1)} at the end; ${fmt(report.seconds)} s in all.`,
  );
  const out = path.resolve(args.out!);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Written to ${path.relative(process.cwd(), out)}.`);
  if (args.compare) console.log(`\n${compare(report, args.compare)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
