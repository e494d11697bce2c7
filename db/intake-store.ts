import type { IntakeStore } from "@/lib/intake/ports";
import { connectionOf, type DB } from "./client";
import { createPostgresIntakeStore } from "./postgres/intake-store";
import { createSqliteIntakeStore } from "./sqlite/intake-store";

type Store = IntakeStore & { readonly pending: number };

const stores = new WeakMap<object, Store>();

/** The one intake store of a database handle (its caches, and on SQLite its group commit). */
export function intakeStoreFor(db: DB, options: { onCommit?: () => void } = {}): Store {
  let store = stores.get(connectionOf(db));
  if (!store) {
    store =
      db.$engine === "postgres"
        ? createPostgresIntakeStore(db, options)
        : createSqliteIntakeStore(db, options);
    stores.set(connectionOf(db), store);
  }
  return store;
}
