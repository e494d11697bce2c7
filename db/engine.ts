/** The two engines Beacon runs on: the embedded SQLite file (default) or a PostgreSQL server. */
export type Engine = "sqlite" | "postgres";

/** PostgreSQL when DATABASE_URL names a postgres:// (or postgresql://) server, else SQLite. */
export function databaseEngine(url: string | undefined = process.env.DATABASE_URL): Engine {
  return url && /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}
