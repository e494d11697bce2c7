import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { expect, it } from "vitest";

const run = promisify(execFile);

// The operator's command, run as `npm run db:migrate` runs it (tsx on the file), on a new file.
it("npm run db:migrate creates and migrates the SQLite file it is pointed at", async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "beacon-migrate-")), "fresh.db");
  const { stdout } = await run("npx", ["tsx", "db/migrate-cli.ts"], {
    env: { ...process.env, DATABASE_URL: "", DATABASE_PATH: file },
  });
  expect(stdout).toContain(`Database ${file} is migrated.`);
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name = 'notifications'")
    .all();
  db.close();
  expect(tables).toHaveLength(1);
}, 30_000);
