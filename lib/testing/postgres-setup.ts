import { Client } from "pg";
import { migratePostgres } from "@/db/postgres/open";
import { type PostgresCluster, startPostgresCluster } from "./postgres-cluster";

/*
 * The PostgreSQL run's global setup: one throwaway cluster for the run, with a migrated
 * template database that each test's database is copied from (lib/testing/db.ts), so no
 * test pays for the migrations. DATABASE_URL makes every worker's process run on
 * PostgreSQL; it names a database of its own, not the template: PostgreSQL refuses to copy
 * a database someone is connected to, and code under test may open the process's database.
 */

const TEMPLATE = "beacon_template";

let cluster: PostgresCluster | undefined;

export async function setup() {
  cluster = await startPostgresCluster({ settings: { max_connections: 400 } });
  await migratePostgres(cluster.url);
  const admin = new Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`create database "${TEMPLATE}" template "beacon"`);
  await admin.end();
  process.env.DATABASE_URL = cluster.url;
  process.env.BEACON_TEST_TEMPLATE = TEMPLATE;
  process.env.DATABASE_POOL_MAX ??= "4";
}

export async function teardown() {
  await cluster?.stop();
}
