/*
 * The load generator of `npm run bench`, in its own process (forked by bench/support/load.ts)
 * so the server's CPU and the generator's are apart and the generator's own cost can be
 * reported. Plain node:http with a keep-alive agent (one socket per connection): no
 * dependency, and cheaper per request than fetch. Each request is signed on its own
 * (Standard Webhooks, a unique webhook-id, HMAC-SHA256 with node:crypto) with distinct
 * event ids, exactly as the detection platform would send it.
 */
import { createHmac } from "node:crypto";
import http from "node:http";

export type LoadJob = {
  url: string;
  /** whsec_… to sign with, or null to send unsigned (the floor reads the same bytes either way). */
  secret: string | null;
  connections: number;
  /** Keep starting requests for this long (then wait for those in flight)… */
  durationMs?: number;
  /** …or send exactly this many requests (a burst). */
  requests?: number;
  /** 1: one event as the body; more: {"events": [...]} for the batch endpoint. */
  eventsPerRequest: number;
  /** Event ids and webhook-ids start with this, so every run's ids are its own. */
  idPrefix: string;
  /** The event every request carries, with its id replaced. */
  template: Record<string, unknown>;
  timeoutMs: number;
};

export type LoadResult = {
  requests: number;
  /** Events answered 2xx: per request for one event, per result of a batch answer. */
  eventsAccepted: number;
  statuses: Record<string, number>;
  /** Connections reset or closed without an answer. */
  resets: number;
  errors: Record<string, number>;
  seconds: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** CPU the generator itself used, and as a share of one core over the run. */
  generatorCpuSeconds: number;
  generatorCoreShare: number;
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function signer(secret: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return (id: string, timestamp: number, body: string) =>
    `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export async function runLoad(job: LoadJob, shouldStop: () => boolean = () => false) {
  const target = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const sign = job.secret ? signer(job.secret) : null;
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  let resets = 0;
  let eventsAccepted = 0;
  let started = 0;
  let lastDone = 0;

  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const deadline = job.durationMs === undefined ? Number.POSITIVE_INFINITY : t0 + job.durationMs;

  function nextBody(n: number): { id: string; body: string } {
    const id = `${job.idPrefix}_${n}`;
    if (job.eventsPerRequest === 1) return { id, body: JSON.stringify({ ...job.template, id }) };
    const events = Array.from({ length: job.eventsPerRequest }, (_, i) => ({
      ...job.template,
      id: `${id}_${i}`,
    }));
    return { id, body: JSON.stringify({ events }) };
  }

  function one(n: number): Promise<void> {
    const { id, body } = nextBody(n);
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    };
    if (sign) {
      const webhookId = `msg_${id}`;
      const timestamp = Math.floor(Date.now() / 1000);
      headers["webhook-id"] = webhookId;
      headers["webhook-timestamp"] = String(timestamp);
      headers["webhook-signature"] = sign(webhookId, timestamp, body);
    }
    const sent = performance.now();
    return new Promise((resolve) => {
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          agent,
          headers,
          timeout: job.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              if (job.eventsPerRequest === 1) eventsAccepted += 1;
              else {
                try {
                  const answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
                    results?: { status: number }[];
                  };
                  eventsAccepted += (answer.results ?? []).filter(
                    (r) => r.status >= 200 && r.status < 300,
                  ).length;
                } catch {
                  errors.bad_answer = (errors.bad_answer ?? 0) + 1;
                }
              }
            }
            lastDone = performance.now();
            latencies.push(lastDone - sent);
            resolve();
          });
          response.on("error", () => resolve());
        },
      );
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", (error: NodeJS.ErrnoException) => {
        const code = error.code ?? error.message;
        if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up/.test(error.message))
          resets += 1;
        else errors[code] = (errors[code] ?? 0) + 1;
        lastDone = performance.now();
        resolve();
      });
      request.end(body);
    });
  }

  const more = () =>
    !shouldStop() &&
    (job.requests === undefined ? performance.now() < deadline : started < job.requests);

  async function connection() {
    while (more()) {
      const n = started++;
      await one(n);
    }
  }
  await Promise.all(Array.from({ length: job.connections }, connection));
  agent.destroy();

  const cpu = process.cpuUsage(cpuStart);
  const seconds = ((lastDone || performance.now()) - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const generatorCpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    requests: started,
    eventsAccepted,
    statuses,
    resets,
    errors,
    seconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
    },
    generatorCpuSeconds,
    generatorCoreShare: generatorCpuSeconds / ((performance.now() - t0) / 1000),
  } satisfies LoadResult;
}

// Forked by bench/support/load.ts: one job in, one result out; "stop" ends a timed run early.
if (require.main === module && process.send) {
  let stop = false;
  process.on("message", (message: { job?: LoadJob; stop?: boolean }) => {
    if (message.stop) stop = true;
    if (message.job) {
      runLoad(message.job, () => stop).then(
        (result) => process.send?.({ result }, () => process.exit(0)),
        (error: Error) => process.send?.({ error: error.message }, () => process.exit(1)),
      );
    }
  });
  process.send({ ready: true });
}
