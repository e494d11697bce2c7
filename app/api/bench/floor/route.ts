import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";

export const dynamic = "force-dynamic";

/*
 * The framework's floor for `npm run bench`: a route handler of the same build that only
 * reads the body and answers 202, so the webhook's throughput can be set beside it in one
 * run; and the server's event-loop delay, for the burst's "delay p99 < 100 ms throughout".
 * It answers 404 unless the server was started with BENCH_FLOOR=1 (only the benchmark does
 * that), so production deployments don't expose it.
 */

const onBench = () => process.env.BENCH_FLOOR === "1";

export async function POST(request: Request) {
  if (!onBench()) return new Response(null, { status: 404 });
  await request.text();
  return Response.json({ status: "queued" }, { status: 202 });
}

// On globalThis: one histogram for the process, however Next bundles this module.
const globalForLoop = globalThis as unknown as { beaconBenchLoop?: IntervalHistogram };

/** GET ?reset=1 starts a fresh measurement; GET reads it: event-loop delay in ms since then. */
export function GET(request: Request) {
  if (!onBench()) return new Response(null, { status: 404 });
  globalForLoop.beaconBenchLoop ??= monitorEventLoopDelay({ resolution: 10 });
  const histogram = globalForLoop.beaconBenchLoop;
  if (new URL(request.url).searchParams.get("reset") === "1") {
    histogram.disable();
    histogram.reset();
    histogram.enable();
  }
  const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
  return Response.json({
    samples: histogram.count,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  });
}
