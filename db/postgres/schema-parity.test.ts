import {
  Column,
  getTableColumns,
  getTableName,
  is,
  SQL,
  StringChunk,
  type Table,
} from "drizzle-orm";
import { PgTable, getTableConfig as pgTableConfig } from "drizzle-orm/pg-core";
import { SQLiteTable, getTableConfig as sqliteTableConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as sqliteSchema from "../sqlite/schema";
import * as pgSchema from "./schema";

/*
 * The PostgreSQL schema mirrors the SQLite one (db/schema.ts): a column, key or index added
 * to one engine only fails here; the TypeScript row types are compared by the type checker.
 */

/** An index column, a partial index's predicate: column names and SQL text, spaced alike. */
function render(chunk: unknown): string {
  if (is(chunk, SQL)) return chunk.queryChunks.map(render).join("");
  if (is(chunk, StringChunk)) return chunk.value.join("");
  if (is(chunk, Column)) return chunk.name;
  if (typeof chunk === "object" && chunk !== null && "name" in chunk) return String(chunk.name);
  return String(chunk);
}

const spaced = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

type Shape = {
  exportName: string;
  columns: Record<string, { property: string; notNull: boolean; hasDefault: boolean }>;
  primaryKey: string[];
  indexes: Record<string, { unique: boolean; columns: string[]; where: string | null }>;
  foreignKeys: string[];
};

function shape(
  exportName: string,
  table: Table,
  config: ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>,
): Shape {
  const columns: Shape["columns"] = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    columns[column.name] = { property, notNull: column.notNull, hasDefault: column.hasDefault };
  }
  const primaryKey = [
    ...config.columns.filter((column) => column.primary).map((column) => column.name),
    ...config.primaryKeys.flatMap((key) => key.columns.map((column) => column.name)),
  ];
  const indexes: Shape["indexes"] = {};
  for (const index of config.indexes) {
    const { name, unique, columns: on, where } = index.config;
    indexes[name ?? "(unnamed)"] = {
      unique,
      columns: on.map((column) => spaced(render(column))),
      where: where ? spaced(render(where)) : null,
    };
  }
  // A column's `.unique()` is a unique index on SQLite and a unique constraint on PostgreSQL:
  // both are named `<table>_<column>_unique`.
  for (const column of config.columns) {
    if (column.isUnique) {
      indexes[column.uniqueName!] = { unique: true, columns: [column.name], where: null };
    }
  }
  for (const constraint of config.uniqueConstraints) {
    indexes[constraint.getName()!] = {
      unique: true,
      columns: constraint.columns.map((column) => column.name),
      where: null,
    };
  }
  const foreignKeys = config.foreignKeys
    .map((key) => {
      const { columns: from, foreignTable, foreignColumns } = key.reference();
      const target = foreignColumns.map((column) => column.name).join(",");
      const source = from.map((column) => column.name).join(",");
      return `(${source}) -> ${getTableName(foreignTable)}(${target}) on delete ${key.onDelete}`;
    })
    .sort();
  return { exportName, columns, primaryKey, indexes, foreignKeys };
}

function sqliteTables(): Map<string, Shape> {
  const tables = new Map<string, Shape>();
  for (const [exportName, value] of Object.entries(sqliteSchema)) {
    if (!is(value, SQLiteTable)) continue;
    const config = sqliteTableConfig(value);
    tables.set(config.name, shape(exportName, value, config));
  }
  return tables;
}

function pgTables(): Map<string, Shape> {
  const tables = new Map<string, Shape>();
  for (const [exportName, value] of Object.entries(pgSchema)) {
    if (!is(value, PgTable)) continue;
    const config = pgTableConfig(value);
    tables.set(config.name, shape(exportName, value, config));
  }
  return tables;
}

const sqlite = sqliteTables();
const pg = pgTables();

describe("the PostgreSQL schema mirrors the SQLite schema", () => {
  it("has the same tables, exported under the same names", () => {
    expect(sqlite.size).toBeGreaterThan(20);
    expect([...pg.keys()].sort()).toEqual([...sqlite.keys()].sort());
    for (const [name, table] of sqlite)
      expect(pg.get(name)?.exportName, name).toBe(table.exportName);
  });

  describe.each([...sqlite.keys()].sort())("%s", (name) => {
    const expected = sqlite.get(name)!;
    const actual = () => {
      const table = pg.get(name);
      if (!table) throw new Error(`no PostgreSQL table ${name}`);
      return table;
    };

    it("has the same columns, property names, nullability and defaults", () => {
      expect(actual().columns).toEqual(expected.columns);
    });

    it("has the same primary key", () => {
      expect(expected.primaryKey.length).toBeGreaterThan(0);
      expect(actual().primaryKey).toEqual(expected.primaryKey);
    });

    it("has the same indexes and unique constraints, on the same columns and predicates", () => {
      expect(actual().indexes).toEqual(expected.indexes);
    });

    it("has the same foreign keys", () => {
      expect(actual().foreignKeys).toEqual(expected.foreignKeys);
    });
  });

  it("selects and inserts the same TypeScript types", () => {
    type Rows<S, Mode extends "$inferSelect" | "$inferInsert"> = {
      [K in keyof S as S[K] extends Table ? K : never]: S[K] extends Table ? S[K][Mode] : never;
    };
    expectTypeOf<Rows<typeof pgSchema, "$inferSelect">>().toEqualTypeOf<
      Rows<typeof sqliteSchema, "$inferSelect">
    >();
    expectTypeOf<Rows<typeof pgSchema, "$inferInsert">>().toEqualTypeOf<
      Rows<typeof sqliteSchema, "$inferInsert">
    >();
    expectTypeOf<pgSchema.Notification>().toEqualTypeOf<sqliteSchema.Notification>();
    expectTypeOf<pgSchema.DeliveryStatus>().toEqualTypeOf<sqliteSchema.DeliveryStatus>();
    expect(pgSchema.DELIVERY_STATUSES).toBe(sqliteSchema.DELIVERY_STATUSES);
    expect(pgSchema.ROLES).toBe(sqliteSchema.ROLES);
  });
});
