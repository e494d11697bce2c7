import type { PoolClient } from "pg";
import type { DB, PostgresDB, SqliteDB } from "../db/client";

/*
 * The storage floor beside the batch part: the rows the batch part stored (notifications,
 * their deliveries and their first history events), inserted again with fresh ids straight
 * into a new database of the same schema (the same migrations, so the same indexes and
 * triggers), one transaction per 100 events, by the engine's driver the quickest plain way:
 *
 * - SQLite: better-sqlite3 prepared statements, one row each (WAL, synchronous=FULL);
 * - PostgreSQL: node-postgres, one multi-row INSERT per table and transaction.
 *
 * `copy` is the new database, on the same engine as `source`; its owner closes it.
 */
export async function storageFloor(
  source: DB,
  copy: DB,
  webhookPrefix: string,
  events: number,
): Promise<number> {
  if (source.$engine === "sqlite" && copy.$engine === "sqlite")
    return sqliteFloor(source, copy, webhookPrefix, events);
  if (source.$engine === "postgres" && copy.$engine === "postgres")
    return postgresFloor(source, copy, webhookPrefix, events);
  throw new Error("the storage floor copies within one engine");
}

type Rows = Record<string, unknown>[];
type Shape = { notification: Record<string, unknown>; deliveries: Rows; events: Rows };

/** The rows of events `from` to `to`, with fresh ids, from the sample shapes in turn. */
function freshRows(shapes: Shape[], from: number, to: number): Shape[] {
  const rows: Shape[] = [];
  for (let i = from; i < to; i++) {
    const shape = shapes[i % shapes.length]!;
    const id = `floor_n_${i}`;
    const deliveries: Rows = [];
    const events: Rows = [];
    for (const [d, delivery] of shape.deliveries.entries()) {
      const deliveryId = `floor_d_${i}_${d}`;
      deliveries.push({ ...delivery, id: deliveryId, notification_id: id });
      for (const [e, event] of shape.events
        .filter((ev) => ev.delivery_id === delivery.id)
        .entries()) {
        events.push({ ...event, id: `floor_h_${i}_${d}_${e}`, delivery_id: deliveryId });
      }
    }
    rows.push({
      notification: {
        ...shape.notification,
        id,
        event_id: `floor_e_${i}`,
        webhook_id: `floor_w_${i}`,
      },
      deliveries,
      events,
    });
  }
  return rows;
}

function sqliteFloor(source: SqliteDB, copy: SqliteDB, webhookPrefix: string, events: number) {
  const src = source.$client;
  const dst = copy.$client;
  const samples = src
    .prepare("select * from notifications where webhook_id like ? limit 100")
    .all(`${webhookPrefix}%`) as Rows;
  if (samples.length === 0) throw new Error("the batch part stored nothing to copy");
  const accountId = samples[0]!.account_id as string;
  const prepared = (table: string, row: Record<string, unknown>) => {
    const columns = Object.keys(row);
    return dst.prepare(
      `insert into ${table} (${columns.join(",")}) values (${columns.map((c) => `@${c}`).join(",")})`,
    );
  };
  const insertAll = (table: string, list: Rows) => {
    if (list.length === 0) return;
    const statement = prepared(table, list[0]!);
    for (const row of list) statement.run(row);
  };
  // The parents the rows point at, copied as they are (not timed).
  dst.pragma("foreign_keys = OFF");
  insertAll("accounts", src.prepare("select * from accounts where id = ?").all(accountId) as []);
  insertAll(
    "organizations",
    src.prepare("select * from organizations where account_id = ?").all(accountId) as [],
  );
  dst.pragma("foreign_keys = ON");
  const deliveriesOf = src.prepare("select * from deliveries where notification_id = ?");
  const eventsOf = src.prepare(
    "select * from delivery_events where delivery_id in (select id from deliveries where notification_id = ?)",
  );
  const shapes: Shape[] = samples.map((n) => ({
    notification: n,
    deliveries: deliveriesOf.all(n.id) as Rows,
    events: eventsOf.all(n.id) as Rows,
  }));
  const insertNotification = prepared("notifications", shapes[0]!.notification);
  const firstWithDeliveries = shapes.find((s) => s.deliveries.length > 0);
  const insertDelivery = firstWithDeliveries
    ? prepared("deliveries", firstWithDeliveries.deliveries[0]!)
    : null;
  const insertEvent = firstWithDeliveries?.events[0]
    ? prepared("delivery_events", firstWithDeliveries.events[0])
    : null;
  const write = dst.transaction((from: number, to: number) => {
    for (const row of freshRows(shapes, from, to)) {
      insertNotification.run(row.notification);
      for (const delivery of row.deliveries) insertDelivery?.run(delivery);
      for (const event of row.events) insertEvent?.run(event);
    }
  });
  const started = performance.now();
  for (let from = 0; from < events; from += 100) write(from, Math.min(events, from + 100));
  return events / ((performance.now() - started) / 1000);
}

/** One INSERT of many rows (node-postgres sends an object parameter as JSON: json columns). */
async function insertMany(client: PoolClient, table: string, list: Rows) {
  if (list.length === 0) return;
  const columns = Object.keys(list[0]!);
  // PostgreSQL takes at most 65,535 parameters a statement.
  const perStatement = Math.floor(65_535 / columns.length);
  for (let start = 0; start < list.length; start += perStatement) {
    const chunk = list.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        values.push(row[column]);
        return `$${values.length}`;
      });
      return `(${placeholders.join(",")})`;
    });
    await client.query(
      `insert into ${table} (${columns.map((c) => `"${c}"`).join(",")}) values ${tuples.join(",")}`,
      values,
    );
  }
}

async function postgresFloor(
  source: PostgresDB,
  copy: PostgresDB,
  webhookPrefix: string,
  events: number,
) {
  const read = async (text: string, values: unknown[]) =>
    (await source.$pool.query(text, values)).rows as Rows;
  const samples = await read("select * from notifications where webhook_id like $1 limit 100", [
    `${webhookPrefix}%`,
  ]);
  if (samples.length === 0) throw new Error("the batch part stored nothing to copy");
  const accountId = samples[0]!.account_id as string;
  const shapes: Shape[] = [];
  for (const notification of samples) {
    shapes.push({
      notification,
      deliveries: await read("select * from deliveries where notification_id = $1", [
        notification.id,
      ]),
      events: await read(
        "select * from delivery_events where delivery_id in (select id from deliveries where notification_id = $1)",
        [notification.id],
      ),
    });
  }
  const client = await copy.$pool.connect();
  try {
    // The parents the rows point at, copied as they are (not timed), through JSON so that
    // every column keeps its type.
    for (const [table, where] of [
      ["accounts", "id"],
      ["organizations", "account_id"],
    ] as const) {
      for (const row of await read(`select * from ${table} where ${where} = $1`, [accountId])) {
        await client.query(
          `insert into ${table} select * from json_populate_record(null::${table}, $1::json)`,
          [JSON.stringify(row)],
        );
      }
    }
    const started = performance.now();
    for (let from = 0; from < events; from += 100) {
      const rows = freshRows(shapes, from, Math.min(events, from + 100));
      await client.query("begin");
      try {
        await insertMany(
          client,
          "notifications",
          rows.map((row) => row.notification),
        );
        await insertMany(
          client,
          "deliveries",
          rows.flatMap((row) => row.deliveries),
        );
        await insertMany(
          client,
          "delivery_events",
          rows.flatMap((row) => row.events),
        );
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    }
    return events / ((performance.now() - started) / 1000);
  } finally {
    client.release();
  }
}
