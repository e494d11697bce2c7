import { connectionOf, type DB, type Executor } from "./client";

/*
 * Statements built and prepared once, for the hot paths that run them per row. On SQLite the
 * one connection runs every statement, inside whichever transaction is open on it, so they
 * are prepared once per database. On PostgreSQL a statement prepared on the pool would run
 * on some other connection, outside the caller's transaction: they are built on the
 * transaction that runs them, and named, so each pooled connection parses them only once.
 */
export function preparedStatements<S>(build: (exec: Executor) => S) {
  const cache = new WeakMap<object, S>();
  return (db: DB, exec: Executor = db): S => {
    if (db.$engine === "postgres") return build(exec);
    const key = connectionOf(db);
    let statements = cache.get(key);
    if (!statements) {
      statements = build(db);
      cache.set(key, statements);
    }
    return statements;
  };
}

/** `query.prepare()` under a name: PostgreSQL keeps named statements per connection. */
export function prepare<P>(query: { prepare(): P }, name: string): P {
  return (query.prepare as (this: unknown, name: string) => P).call(query, name);
}
