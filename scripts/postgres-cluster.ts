import { startPostgresCluster } from "../lib/testing/postgres-cluster";

/*
 * A throwaway PostgreSQL by hand: `tsx scripts/postgres-cluster.ts [--durable] [--database=NAME]`
 * prints its URL (for DATABASE_URL) and keeps it until Ctrl-C or SIGTERM, then stops it and
 * removes its folder. Nothing is kept: every start is an empty cluster.
 */

const args = process.argv.slice(2);
const database = args.find((arg) => arg.startsWith("--database="))?.slice("--database=".length);
const unknown = args.filter((arg) => arg !== "--durable" && !arg.startsWith("--database="));
if (unknown.length > 0) {
  console.error(`usage: tsx scripts/postgres-cluster.ts [--durable] [--database=NAME]`);
  process.exit(2);
}

async function main() {
  const cluster = await startPostgresCluster({ database, durable: args.includes("--durable") });
  console.log(cluster.url);
  console.error(`PostgreSQL is running in ${cluster.folder}; Ctrl-C stops it and removes it.`);

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping PostgreSQL…`);
    try {
      await cluster.stop();
      process.exit(0);
    } catch (error) {
      console.error((error as Error).message);
      process.exit(1);
    }
  }
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  // Keep the event loop alive until a signal arrives.
  setInterval(() => {}, 1 << 30);
}

void main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
