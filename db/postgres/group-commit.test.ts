import { Pool, type PoolClient } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "@/lib/testing/postgres-cluster";
import { createPostgresGroupCommitter } from "./group-commit";

/*
 * The PostgreSQL group commit against a real server: writes of one turn share few
 * transactions, a caller hears back only once its write is visible to everyone, and a
 * write that throws fails alone.
 */

let cluster: PostgresCluster | undefined;
let pool: Pool;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  pool = new Pool({ connectionString: cluster.url, max: 6 });
  await pool.query("create table events (id serial primary key, body text unique not null)");
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await cluster?.stop();
}, 60_000);

function committer(options: { maxGroups?: number; target?: Pool } = {}) {
  const commits: number[] = [];
  let writes = 0;
  const group = createPostgresGroupCommitter({
    pool: options.target ?? pool,
    begin: "begin",
    openUnit: (client: PoolClient) => ({ client }),
    isUnavailable: (error) => /ECONNREFUSED|connect/.test(String(error)),
    unavailable: (cause) => new Error(`unavailable: ${String(cause)}`),
    maxGroups: options.maxGroups ?? 4,
    onCommit: () => commits.push(writes),
  });
  const insert = (body: string) =>
    group.run(async ({ client }) => {
      writes += 1;
      await client.query("insert into events (body) values ($1)", [body]);
      // Seen from another connection the moment the caller hears back: committed.
      return body;
    });
  return { group, insert, commits };
}

async function stored(prefix: string): Promise<string[]> {
  const { rows } = await pool.query<{ body: string }>(
    "select body from events where body like $1 order by body",
    [`${prefix}%`],
  );
  return rows.map((row) => row.body);
}

describe("PostgreSQL group commit", () => {
  it("commits a turn's writes in a few transactions, each caller after its commit", async () => {
    const { insert, commits } = committer({ maxGroups: 4 });
    const bodies = Array.from({ length: 100 }, (_, i) => `burst-${String(i).padStart(3, "0")}`);
    const visibleAtAnswer = await Promise.all(
      bodies.map(async (body) => {
        await insert(body);
        const { rows } = await pool.query("select 1 from events where body = $1", [body]);
        return rows.length;
      }),
    );
    expect(visibleAtAnswer.every((n) => n === 1)).toBe(true);
    expect(await stored("burst-")).toEqual(bodies);
    // 100 writes arriving together: four transactions, not a hundred.
    expect(commits).toHaveLength(4);
  });

  it("fails only the write that throws; the others of its transaction commit", async () => {
    const { group, insert } = committer({ maxGroups: 1 });
    await insert("taken-1");
    const outcomes = await Promise.allSettled([
      insert("mixed-a"),
      // A unique violation aborts the whole transaction on the server.
      insert("taken-1"),
      group.run(async () => {
        throw new Error("a bug in one write");
      }),
      insert("mixed-b"),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason.code).toBe("23505");
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain("a bug in one write");
    expect(await stored("mixed-")).toEqual(["mixed-a", "mixed-b"]);
    expect(await stored("taken-")).toEqual(["taken-1"]);
  });

  it("answers every write as unavailable when the server can't be reached", async () => {
    const closed = new Pool({ connectionString: "postgres://beacon@127.0.0.1:1/none" });
    const { insert, group } = committer({ target: closed });
    const outcomes = await Promise.allSettled([insert("gone-1"), insert("gone-2")]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    for (const outcome of outcomes) {
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/^Error: unavailable/);
    }
    expect(group.pending).toBe(0);
    await closed.end();
  });
});
