import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { migrate as sqliteMigrate } from "drizzle-orm/better-sqlite3/migrator";
import { type NodePgDatabase, drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import { migrate as pgMigrate } from "drizzle-orm/node-postgres/migrator";
import { Client, Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchExpression } from "@/lib/core/log-filters";
import { type PostgresCluster, startPostgresCluster } from "@/lib/testing/postgres-cluster";
import { postgresSearchMatches, postgresSearchQuery } from "./search";

/*
 * The triggers of PostgreSQL's 0001 keep the read models SQLite's triggers keep: the same
 * raw writes (the intake's inserts, the dispatcher's render and status changes, deletions)
 * go to a migrated cluster and to a migrated in-memory SQLite, and the read-model tables
 * must then hold the same rows on both. The search finds what SQLite's FTS5 table finds,
 * and writes that give a dispatcher work NOTIFY beacon_work.
 */

let cluster: PostgresCluster | undefined;
let pool: Pool;
let pg: NodePgDatabase;
let sqlite: Database.Database;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  pool = new Pool({ connectionString: cluster.url, max: 2 });
  pg = pgDrizzle(pool);
  await pgMigrate(pg, { migrationsFolder: path.join(__dirname, "migrations") });
  sqlite = new Database(":memory:");
  // As db/sqlite/open.ts opens it: a notification's deletion cascades to its deliveries.
  sqlite.pragma("foreign_keys = ON");
  sqliteMigrate(sqliteDrizzle(sqlite), {
    migrationsFolder: path.join(__dirname, "..", "migrations"),
  });
}, 120_000);

afterAll(async () => {
  await pool?.end();
  sqlite?.close();
  await cluster?.stop();
}, 60_000);

/** SQLite's placeholders as PostgreSQL's (the statements here have no `?` inside literals). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** One write, the same SQL text and values, on both engines. */
async function both(text: string, ...params: unknown[]): Promise<void> {
  sqlite.prepare(text).run(...params);
  await pool.query(numbered(text), params);
}

type Row = Record<string, unknown>;

// node-postgres reads bigint (int8) as a string: compared as numbers.
const NUMERIC = new Set(["created_at", "hour", "n"]);
const normalized = (rows: Row[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, NUMERIC.has(key) ? Number(value) : value]),
    ),
  );

const READ_MODELS = {
  notification_groups:
    "select notification_id, grp, account_id, created_at, n from notification_groups order by 1, 2",
  recipient_status_counts:
    "select account_id, address, status, n from recipient_status_counts order by 1, 2, 3",
  hourly_counts: "select account_id, hour, metric, n from hourly_counts order by 1, 2, 3",
  status_groups: "select status, grp from status_groups order by 1, 2",
} as const;

async function readModels(): Promise<{ sqlite: Row[]; pg: Row[]; table: string }[]> {
  const result = [];
  for (const [table, query] of Object.entries(READ_MODELS)) {
    result.push({
      table,
      sqlite: normalized(sqlite.prepare(query).all() as Row[]),
      pg: normalized((await pool.query(query)).rows),
    });
  }
  return result;
}

async function expectSameReadModels() {
  for (const { table, sqlite: expected, pg: actual } of await readModels()) {
    expect({ table, rows: actual }).toEqual({ table, rows: expected });
  }
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 2, 4, 5, 6, 7, 89);

type NotificationRow = {
  id: string;
  account: string;
  type?: string;
  state?: string;
  title: string;
  eventId: string;
  organization?: string;
  payload: Record<string, unknown>;
  isTest?: 0 | 1;
  createdAt: number;
};

async function insertNotification(row: NotificationRow) {
  await both(
    `insert into notifications (id, account_id, organization_name, event_id, type, event_status,
       title, state, is_test, payload, subject, html, text, headers, recipient_count, created_at)
     values (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, '', '', '{}', 2, ?)`,
    row.id,
    row.account,
    row.organization ?? "Globex",
    row.eventId,
    row.type ?? "incident",
    row.title,
    row.state ?? "queued",
    row.isTest ?? 0,
    JSON.stringify(row.payload),
    row.title,
    row.createdAt,
  );
}

async function insertDelivery(
  id: string,
  notification: string,
  recipient: string,
  status = "queued",
) {
  const account = notification === "ntf_other" ? "acc_2" : "acc_1";
  await both(
    `insert into deliveries (id, account_id, notification_id, recipient, status, next_attempt_at,
       created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    account,
    notification,
    recipient,
    status,
    T0,
    T0,
    T0,
  );
}

const setStatus = (status: string, ...ids: string[]) =>
  both(
    `update deliveries set status = ?, updated_at = ? where id in (${ids.map(() => "?").join(", ")})`,
    status,
    T0 + 60_000,
    ...ids,
  );

/** The dispatcher storing the rendered emails. */
const render = (...ids: string[]) =>
  both(
    `update notifications set rendered_at = ?, html = '<p>rendered</p>', text = 'rendered'
      where id in (${ids.map(() => "?").join(", ")})`,
    T0 + 1_000,
    ...ids,
  );

describe("PostgreSQL read models", () => {
  it("seed the same status groups as SQLite's migrations", async () => {
    const [groups] = (await readModels()).filter((model) => model.table === "status_groups");
    expect(groups!.pg).toEqual(groups!.sqlite);
    expect(groups!.pg).toHaveLength(15);
    expect(groups!.pg.map((row) => row.status)).not.toContain("queued");
  });

  it("hold the rows SQLite's triggers hold after the same writes", async () => {
    await both(
      "insert into accounts (id, name, slug, created_at) values (?, ?, ?, ?)",
      "acc_1",
      "Acme",
      "acme",
      T0,
    );
    await both(
      "insert into accounts (id, name, slug, created_at) values (?, ?, ?, ?)",
      "acc_2",
      "Initech",
      "initech",
      T0,
    );

    await insertNotification({
      id: "ntf_web",
      account: "acc_1",
      title: "Ransomware on web-01",
      eventId: "evt_web",
      payload: { type: "incident", id: "evt_web", host: "web-01.acme.local" },
      createdAt: T0,
    });
    await insertNotification({
      id: "ntf_quiet",
      account: "acc_1",
      type: "escalation",
      state: "suppressed",
      title: "Escalated: phishing",
      eventId: "evt_quiet",
      payload: { type: "escalation", id: "evt_quiet", target: "mail-gw" },
      createdAt: T0 + HOUR + 5 * 60_000,
    });
    await insertNotification({
      id: "ntf_test",
      account: "acc_1",
      title: "Test alert on web-01",
      eventId: "evt_test",
      payload: { type: "incident", id: "evt_test", host: "web-01.acme.local" },
      isTest: 1,
      createdAt: T0 + 2_000,
    });
    await insertNotification({
      id: "ntf_digest",
      account: "acc_1",
      title: "Low: USB device on db-02",
      eventId: "evt_digest",
      payload: { type: "incident", id: "evt_digest", host: "db-02" },
      createdAt: T0 + 3_000,
    });
    await insertNotification({
      id: "ntf_gone",
      account: "acc_1",
      title: "Malware on laptop-7",
      eventId: "evt_gone",
      payload: { type: "incident", id: "evt_gone", host: "laptop-7" },
      createdAt: T0 + 2 * HOUR,
    });
    await insertNotification({
      id: "ntf_other",
      account: "acc_2",
      title: "Ransomware on web-01",
      eventId: "evt_web",
      payload: { type: "incident", id: "evt_web", host: "web-01.initech.local" },
      createdAt: T0 + 4_000,
    });

    // The intake's deliveries: queued ones count nowhere yet.
    await insertDelivery("dlv_1", "ntf_web", "soc@acme.test");
    await insertDelivery("dlv_2", "ntf_web", "Oncall@Acme.test");
    await insertDelivery("dlv_3", "ntf_test", "soc@acme.test");
    await insertDelivery("dlv_4", "ntf_digest", "soc@acme.test", "held");
    await insertDelivery("dlv_5", "ntf_gone", "soc@acme.test");
    await insertDelivery("dlv_6", "ntf_other", "it@initech.test");
    // Inserted already ended (a recipient the routing refused at once).
    await insertDelivery("dlv_7", "ntf_gone", "old@acme.test", "failed");
    await expectSameReadModels();

    // Rendering, in one statement for several notifications, as the dispatcher does.
    await render("ntf_web", "ntf_quiet", "ntf_test", "ntf_digest", "ntf_gone", "ntf_other");
    // A second store of the email changes nothing counted.
    await render("ntf_web");
    await expectSameReadModels();

    await setStatus("sending", "dlv_1", "dlv_2", "dlv_3", "dlv_5", "dlv_6");
    await expectSameReadModels();
    await setStatus("sent", "dlv_1", "dlv_2", "dlv_3", "dlv_5", "dlv_6");
    await expectSameReadModels();
    await setStatus("delivered", "dlv_1", "dlv_3", "dlv_5");
    await setStatus("bounced", "dlv_2");
    await setStatus("delivery_delayed", "dlv_6");
    await setStatus("delivered", "dlv_6");
    // The same status again: the WHEN guards count nothing twice.
    await setStatus("delivered", "dlv_1", "dlv_6");
    await setStatus("digested", "dlv_4");
    await expectSameReadModels();

    // A requeue (Retry) takes a bounced delivery out of the counts again.
    await setStatus("queued", "dlv_2");
    await setStatus("sending", "dlv_2");
    await setStatus("failed", "dlv_2");
    await expectSameReadModels();

    // Deleting a delivery, then a whole notification (its deliveries by the cascade).
    await both("delete from deliveries where id = ?", "dlv_2");
    await both("delete from notifications where id = ?", "ntf_gone");
    await expectSameReadModels();

    const { rows } = await pool.query(
      "select grp, n from notification_groups where notification_id = 'ntf_web' order by grp",
    );
    expect(rows).toEqual([{ grp: "s:delivered", n: 1 }]);
    const hourly = await pool.query(
      "select hour::text, metric, n from hourly_counts where account_id = 'acc_1' and n > 0 order by 1, 2",
    );
    const hour = (at: number) => String(Math.floor(at / HOUR) * HOUR);
    // The test send is in no count; the suppressed one is in the next hour.
    expect(hourly.rows).toEqual([
      { hour: hour(T0), metric: "received", n: 2 },
      { hour: hour(T0), metric: "s:delivered", n: 1 },
      { hour: hour(T0), metric: "s:digested", n: 1 },
      { hour: hour(T0), metric: "t:incident", n: 2 },
      { hour: hour(T0 + HOUR), metric: "received", n: 1 },
      { hour: hour(T0 + HOUR), metric: "suppressed", n: 1 },
      { hour: hour(T0 + HOUR), metric: "t:escalation", n: 1 },
      // The deleted notification's deliveries stay counted, as on SQLite (see 0001).
      { hour: hour(T0 + 2 * HOUR), metric: "s:delivered", n: 1 },
      { hour: hour(T0 + 2 * HOUR), metric: "s:failed", n: 1 },
    ]);
  });
});

// The notifications the read models test wrote (and rendered) are the ones searched.
describe("PostgreSQL text search", () => {
  async function pgMatches(accountId: string, q: string): Promise<string[]> {
    const matches = postgresSearchMatches(accountId, q, 5_000);
    if (!matches) return [];
    const result = await pg.execute<{ id: string }>(
      sql`select id from notifications where id in (${matches}) order by id`,
    );
    return result.rows.map((row) => row.id);
  }

  function sqliteMatches(accountId: string, q: string): string[] {
    const expression = searchExpression(q);
    if (!expression) return [];
    return sqlite
      .prepare(
        `select id from notifications where id in (select notification_id from notification_search
           where notification_search match ? and account_id = ?) order by id`,
      )
      .pluck()
      .all(expression, accountId) as string[];
  }

  it("finds a notification by a word of its title and by a host prefix, in its account only", async () => {
    expect(await pgMatches("acc_1", "ransomware")).toEqual(["ntf_web"]);
    expect(await pgMatches("acc_1", "Ransom")).toEqual(["ntf_web"]);
    expect(await pgMatches("acc_2", "ransomware")).toEqual(["ntf_other"]);
    expect(await pgMatches("acc_1", "web-0")).toEqual(["ntf_test", "ntf_web"]);
    expect(await pgMatches("acc_1", "web-01.acme.loc")).toEqual(["ntf_test", "ntf_web"]);
    expect(await pgMatches("acc_1", "mail-g")).toEqual(["ntf_quiet"]);
    expect(await pgMatches("acc_1", "initech")).toEqual([]);
    expect(await pgMatches("acc_1", "ransomware db-02")).toEqual([]);
  });

  it("matches what SQLite's FTS5 search matches", async () => {
    const searches = [
      "ransomware",
      "ransom web",
      "web-01",
      "web 01",
      "01 web",
      "acme",
      "evt_web",
      "evt",
      "globex",
      "usb db-02",
      "escalated phishing",
      "PHISH",
      "laptop",
      "ware",
      "web-01.initech.local",
      "a b c d e f g h web",
    ];
    for (const accountId of ["acc_1", "acc_2"]) {
      for (const q of searches) {
        expect({ accountId, q, ids: await pgMatches(accountId, q) }).toEqual({
          accountId,
          q,
          ids: sqliteMatches(accountId, q),
        });
      }
    }
  });

  it("gives no subquery for words without a letter or digit, and no operator from them", async () => {
    expect(postgresSearchMatches("acc_1", "  -- !! ", 10)).toBeUndefined();
    expect(postgresSearchQuery("web-01 & !x | y:* <-> 'z'")).toBe(
      "'web' <-> '01':* & 'x':* & 'y':* & 'z':*",
    );
    expect(await pgMatches("acc_1", "') or true --")).toEqual([]);
  });

  it("reads the newest matches first up to the limit", async () => {
    // Every notification of acc_1 is Globex's.
    const matches = postgresSearchMatches("acc_1", "globex", 2)!;
    const result = await pg.execute<{ notification_id: string }>(matches);
    const newest = await pool.query<{ id: string }>(
      `select id from notifications where account_id = 'acc_1' and rendered_at is not null
        order by created_at desc limit 2`,
    );
    expect(newest.rows).toHaveLength(2);
    expect(result.rows.map((row) => row.notification_id).sort()).toEqual(
      newest.rows.map((row) => row.id).sort(),
    );
  });
});

describe("PostgreSQL wake-ups", () => {
  it("NOTIFY beacon_work once per transaction when deliveries are inserted", async () => {
    const listener = new Client({ connectionString: cluster!.url });
    await listener.connect();
    try {
      const received: string[] = [];
      let wake: () => void = () => undefined;
      const first = new Promise<void>((resolve) => {
        wake = resolve;
      });
      listener.on("notification", (message) => {
        received.push(`${message.channel}:${message.payload ?? ""}`);
        wake();
      });
      await listener.query("listen beacon_work");

      const writer = await pool.connect();
      try {
        await writer.query("begin");
        await writer.query(
          `insert into deliveries (id, account_id, notification_id, recipient, next_attempt_at)
           values ('dlv_w1', 'acc_1', 'ntf_web', 'w1@acme.test', $1),
                  ('dlv_w2', 'acc_1', 'ntf_web', 'w2@acme.test', $1)`,
          [T0],
        );
        await writer.query("update deliveries set next_attempt_at = $1 where id = 'dlv_w1'", [T0]);
        // Nothing is sent before the commit.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(received).toEqual([]);
        await writer.query("commit");
      } finally {
        writer.release();
      }

      await Promise.race([
        first,
        new Promise((_, reject) => setTimeout(() => reject(new Error("no NOTIFY")), 5_000)),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual(["beacon_work:"]);

      // A write that gives no work (another column of deliveries) wakes nobody.
      await pool.query("update deliveries set attempts = attempts + 1 where id = 'dlv_w1'");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toEqual(["beacon_work:"]);
    } finally {
      await listener.end();
    }
  });

  it("NOTIFY beacon_work when a provider pause is set and when it ends (its row deleted)", async () => {
    const listener = new Client({ connectionString: cluster!.url });
    await listener.connect();
    try {
      let count = 0;
      listener.on("notification", () => {
        count += 1;
      });
      await listener.query("listen beacon_work");
      const woken = async (times: number) => {
        const deadline = Date.now() + 5_000;
        while (count < times && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        return count;
      };
      await pool.query(
        "insert into dispatch_state (key, value, updated_at) values ('pause', '{}', $1)",
        [T0],
      );
      expect(await woken(1)).toBe(1);
      await pool.query("delete from dispatch_state where key = 'pause'");
      expect(await woken(2)).toBe(2);
    } finally {
      await listener.end();
    }
  });

  it("attach the wake-up to the writes that give a dispatcher work", async () => {
    const { rows } = await pool.query<{ table: string; name: string; definition: string }>(
      `select c.relname as table, t.tgname as name, pg_get_triggerdef(t.oid) as definition
         from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where not t.tgisinternal and t.tgfoid = 'beacon_wake'::regproc
        order by 1`,
    );
    expect(rows.map((row) => row.table)).toEqual([
      "deliveries",
      "dispatch_batches",
      "dispatch_state",
      "notifications",
      "reminders",
    ]);
    for (const row of rows) expect(row.definition).toContain("FOR EACH STATEMENT");
  });
});
