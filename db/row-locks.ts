import { databaseEngine } from "./engine";

/*
 * Row locks on PostgreSQL. SQLite's builder has no FOR UPDATE (its IMMEDIATE
 * transaction already excludes every other writer), PostgreSQL's has: the same query,
 * written once, gets the clause only where the engine has it.
 */

type Lockable = {
  for?: (strength: "update", config: { skipLocked?: boolean; of?: unknown }) => unknown;
};

/**
 * The query with FOR UPDATE SKIP LOCKED on PostgreSQL: the rows it answers are this
 * transaction's until it ends, and rows another transaction holds are passed over, not
 * waited for. `of` names the table whose rows are locked when the query joins others.
 */
export function skipLocked<Q>(query: Q, of?: unknown): Q {
  if (databaseEngine() === "sqlite") return query;
  const lockable = query as Lockable;
  if (typeof lockable.for !== "function") throw new Error("this query cannot lock rows");
  return lockable.for("update", { skipLocked: true, ...(of ? { of } : {}) }) as Q;
}

/**
 * The query with FOR UPDATE on PostgreSQL: the rows it answers are this transaction's until
 * it ends, and a row another transaction holds is waited for, then read as that one left it.
 */
export function forUpdate<Q>(query: Q, of?: unknown): Q {
  if (databaseEngine() === "sqlite") return query;
  const lockable = query as Lockable;
  if (typeof lockable.for !== "function") throw new Error("this query cannot lock rows");
  return lockable.for("update", of ? { of } : {}) as Q;
}
