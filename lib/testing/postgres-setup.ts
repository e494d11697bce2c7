import { migratePostgres } from "@/db/postgres/open";
import { type PostgresCluster, startPostgresCluster } from "./postgres-cluster";

/*
 * The PostgreSQL run's global setup: one throwaway cluster for the run, with a migrated
 * template database that each test's database is copied from (lib/testing/db.ts), so no
 * test pays for the migrations. DATABASE_URL names the template: it makes every worker's
 * process run on PostgreSQL.
 */

let cluster: PostgresCluster | undefined;

export async function setup() {
  cluster = await startPostgresCluster({
    database: "beacon_template",
    settings: { max_connections: 400 },
  });
  await migratePostgres(cluster.url);
  process.env.DATABASE_URL = cluster.url;
  process.env.DATABASE_POOL_MAX ??= "4";
}

export async function teardown() {
  await cluster?.stop();
}
