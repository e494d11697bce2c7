import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { migrate as sqliteMigrate } from "drizzle-orm/better-sqlite3/migrator";
import { type NodePgDatabase, drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import { migrate as pgMigrate } from "drizzle-orm/node-postgres/migrator";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "@/lib/testing/postgres-cluster";
import * as sqliteSchema from "../sqlite/schema";
import * as pgSchema from "./schema";

/*
 * The committed PostgreSQL migrations apply to an empty database, and rows written through
 * drizzle read back with the same values and TypeScript types as on SQLite (the same rows
 * are written to a migrated in-memory SQLite beside it), while the stored representation
 * stays SQLite's: epoch milliseconds, is_test as 0 or 1.
 */

const journal = JSON.parse(
  readFileSync(path.join(__dirname, "migrations", "meta", "_journal.json"), "utf8"),
) as { entries: unknown[] };

let cluster: PostgresCluster | undefined;
let pool: Pool;
let pg: NodePgDatabase<typeof pgSchema>;
let sqliteFile: Database.Database;
let sqlite: BetterSQLite3Database<typeof sqliteSchema>;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  pool = new Pool({ connectionString: cluster.url, max: 2 });
  pg = pgDrizzle(pool, { schema: pgSchema });
  await pgMigrate(pg, { migrationsFolder: path.join(__dirname, "migrations") });
  sqliteFile = new Database(":memory:");
  sqlite = sqliteDrizzle(sqliteFile, { schema: sqliteSchema });
  sqliteMigrate(sqlite, { migrationsFolder: path.join(__dirname, "..", "migrations") });
}, 120_000);

afterAll(async () => {
  await pool?.end();
  sqliteFile?.close();
  await cluster?.stop();
}, 60_000);

const createdAt = new Date("2025-03-04T05:06:07.089Z");
const renderedAt = new Date("2025-03-04T05:06:08.765Z");

const account = { id: "acc_1", name: "Acme MSP", slug: "acme", createdAt };
const integration = {
  id: "int_1",
  accountId: account.id,
  kind: "email" as const,
  settings: {
    defaults: ["soc@acme.test"],
    types: { incident: { override: true, addresses: ["a@acme.test"], resolved: false } },
    organizationRules: [],
    limit: 2.5,
    note: null,
  },
  secret: null,
  createdAt,
  updatedAt: createdAt,
};
const notification = {
  id: "ntf_1",
  accountId: account.id,
  organizationId: null,
  organizationName: "Globex",
  eventId: "evt_1",
  type: "incident" as const,
  eventStatus: "open" as const,
  followUpKey: "",
  followsId: null,
  severity: "high" as const,
  title: "Ransomware on web-01 ✓",
  state: "queued" as const,
  suppressedReason: null,
  routeReason: "default recipients",
  isTest: false,
  payload: {
    type: "incident",
    id: "evt_1",
    host: "web-01",
    count: 3,
    ratio: 0.25,
    tags: ["a", "ü"],
    nested: { ok: true, none: null },
  },
  webhookId: "msg_1",
  webhookIndex: -1,
  bodyHash: "abc",
  subject: "[High] Ransomware on web-01",
  html: `<p>${"x".repeat(1000)}</p>`,
  text: "Ransomware on web-01",
  renderedAt,
  headers: { "X-Entity-Ref-ID": "ntf_1", "List-Id": "<alerts.acme.test>" },
  recipientCount: 2,
  heldFor: null,
  createdAt,
};

describe("PostgreSQL migrations", () => {
  it("create every table of the schema", async () => {
    const { rows } = await pool.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public'",
    );
    const tables = rows.map((row) => row.name).sort();
    expect(tables).toContain("notifications");
    expect(tables).toContain("rate_limits");
    // The schema's 23 tables and the text search's notification_search (0001, hand-written).
    expect(tables).toContain("notification_search");
    expect(tables).toHaveLength(24);
  });

  it("apply once: a second run changes nothing", async () => {
    await pgMigrate(pg, { migrationsFolder: path.join(__dirname, "migrations") });
    const { rows } = await pool.query("select * from drizzle.__drizzle_migrations");
    expect(rows).toHaveLength(journal.entries.length);
  });

  it("round-trip accounts, integrations and notifications like SQLite", async () => {
    // The same values, typed by each engine's schema.
    await pg.insert(pgSchema.accounts).values(account);
    await pg.insert(pgSchema.integrations).values(integration);
    await pg.insert(pgSchema.notifications).values(notification);
    sqlite.insert(sqliteSchema.accounts).values(account).run();
    sqlite.insert(sqliteSchema.integrations).values(integration).run();
    sqlite.insert(sqliteSchema.notifications).values(notification).run();

    const [pgAccount] = await pg.select().from(pgSchema.accounts);
    const [pgIntegration] = await pg.select().from(pgSchema.integrations);
    const [pgNotification] = await pg
      .select()
      .from(pgSchema.notifications)
      .where(eq(pgSchema.notifications.isTest, false));
    const sqliteAccount = sqlite.select().from(sqliteSchema.accounts).get();
    const sqliteIntegration = sqlite.select().from(sqliteSchema.integrations).get();
    const sqliteNotification = sqlite.select().from(sqliteSchema.notifications).get();

    expect(pgAccount).toStrictEqual(sqliteAccount);
    expect(pgIntegration).toStrictEqual(sqliteIntegration);
    expect(pgNotification).toStrictEqual(sqliteNotification);
    expect(pgNotification).toStrictEqual(notification);
    // A Date column: a Date with the millisecond; a jsonb column: the same values and types.
    expect(pgNotification!.renderedAt).toBeInstanceOf(Date);
    expect(pgNotification!.renderedAt!.getTime()).toBe(renderedAt.getTime());
    expect(pgNotification!.payload).toStrictEqual(notification.payload);
    expect(pgIntegration!.settings).toStrictEqual(integration.settings);
    expect(pgNotification!.isTest).toBe(false);
  });

  it("store what SQLite stores: epoch milliseconds and is_test as 0 or 1", async () => {
    const { rows } = await pool.query(
      "select is_test, rendered_at, created_at from notifications where id = $1",
      [notification.id],
    );
    // node-postgres reads int8 as a string: the schema's columns turn it back into a Date.
    expect(rows[0]).toEqual({
      is_test: 0,
      rendered_at: String(renderedAt.getTime()),
      created_at: String(createdAt.getTime()),
    });
    const raw = sqliteFile
      .prepare("select is_test, rendered_at, created_at from notifications where id = ?")
      .get(notification.id);
    expect(raw).toEqual({
      is_test: 0,
      rendered_at: renderedAt.getTime(),
      created_at: createdAt.getTime(),
    });
  });

  it("default a timestamp to the current time in epoch milliseconds", async () => {
    const before = Date.now();
    const [row] = await pg
      .insert(pgSchema.accounts)
      .values({ id: "acc_2", name: "Initech", slug: "initech" })
      .returning();
    expect(row!.createdAt).toBeInstanceOf(Date);
    expect(row!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row!.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("read bigint numbers as numbers", async () => {
    const hour = Math.floor(createdAt.getTime() / 3_600_000) * 3_600_000;
    await pg
      .insert(pgSchema.hourlyCounts)
      .values({ accountId: account.id, hour, metric: "received", count: 1 });
    const [row] = await pg.select().from(pgSchema.hourlyCounts);
    expect(row).toStrictEqual({ accountId: account.id, hour, metric: "received", count: 1 });
  });
});
