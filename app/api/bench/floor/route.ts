export const dynamic = "force-dynamic";

/**
 * The framework's floor for `npm run bench`: a route handler of the same build that only
 * reads the body and answers 202, so the webhook's throughput can be set beside it in one
 * run. It answers 404 unless the server was started with BENCH_FLOOR=1 (only the benchmark
 * does that), so production deployments don't expose it.
 */
export async function POST(request: Request) {
  if (process.env.BENCH_FLOOR !== "1") return new Response(null, { status: 404 });
  await request.text();
  return Response.json({ status: "queued" }, { status: 202 });
}
