import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { closeDatabase, first } from "@/db/client";
import { notifications } from "@/db/schema";
import { type AppProcess, startApp } from "../support/app-process";
import { E2E } from "../support/env";
import { postSigned, uniqueEvent } from "../support/webhooks";
import { PORTS, report, until, type World, worldIn } from "./support";

/*
 * Part 3, disk and database faults: the app's database lives on a small tmpfs of its own;
 * during intake the file system is filled to the last byte, then freed again. A refused
 * event must be refused (503 with Retry-After, so the sender retries), an event answered
 * 202 must be stored, and the app must take events again by itself once space is back.
 *
 * The read-only case is not run: a file system can't be remounted read-only while the app
 * holds its database open for writing (the kernel answers EBUSY), and chmod binds neither a
 * root process nor a descriptor that is already open. Only a fault-injecting layer under
 * SQLite (a VFS) could do it, which this suite does not have yet.
 */
test.describe.configure({ mode: "serial" });

type Answered = { webhookId: string; status: number; retryAfter: string | null; body: string };
const during: Answered[] = [];
let mountPoint = "";
let world: World | undefined;
let app: AppProcess | undefined;
let canMount = true;

test.beforeAll(() => {
  mountPoint = path.join(E2E.dataDir, "disk-faults-fs");
  mkdirSync(mountPoint, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint], {
      stdio: "pipe",
    });
  } catch {
    canMount = false;
  }
});

test.afterAll(async () => {
  await app?.stop();
  if (world) await closeDatabase(world.db);
  if (canMount) execFileSync("umount", ["-l", mountPoint], { stdio: "pipe" });
});

/** Fills the file system to the last byte; returns the filler's path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, "filler");
  const fd = openSync(filler, "w");
  try {
    for (const size of [1024 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

async function stored(w: World, webhookId: string) {
  return await first(
    w.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.webhookId, webhookId))
      .limit(1),
  );
}

test("a full disk during intake: no 202 for an event not stored, and the app recovers by itself", async () => {
  test.skip(!canMount, "needs root to mount a size-limited tmpfs (mount -t tmpfs -o size=…)");
  world = await worldIn(mountPoint, ["soc@disk.test"]);
  app = await startApp(PORTS.disk, { DATABASE_PATH: world.databasePath, DEMO_SEED: "0" });
  const w = world;
  const post = async (tag: string) => {
    const webhookId = `msg_disk_${tag}`;
    const answer = await postSigned(w.slug, w.secret, uniqueEvent("incident"), {
      baseURL: app!.url,
      webhookId,
    });
    return { answer, webhookId };
  };
  for (let i = 0; i < 10; i++) expect((await post(`before_${i}`)).answer.status()).toBe(202);

  const filler = fillDisk(mountPoint);
  // Keep sending until the full disk has refused a good number of events.
  for (let i = 0; i < 400 && during.filter((a) => a.status !== 202).length < 20; i++) {
    const { answer, webhookId } = await post(`full_${i}`);
    during.push({
      webhookId,
      status: answer.status(),
      retryAfter: answer.headers()["retry-after"] ?? null,
      body: await answer.text(),
    });
  }
  const refusedDuring = during.filter((a) => a.status !== 202);
  expect(refusedDuring.length, "the full disk refused events").toBeGreaterThan(0);

  rmSync(filler);
  const recoverStarted = Date.now();
  let attempt = 0;
  await until(
    "the app to accept events again",
    async () => ((await post(`after_${attempt++}`)).answer.status() === 202 ? true : undefined),
    30_000,
    200,
  );
  const recoveryMs = Date.now() - recoverStarted;
  const health = await fetch(`${app.url}/api/health`);
  expect(health.status, "the app never went down").toBe(200);

  // Every 202 is stored; nothing refused was stored.
  const acceptedButLost: Answered[] = [];
  const refusedButStored: Answered[] = [];
  for (const a of during) {
    if (a.status === 202 && !(await stored(w, a.webhookId))) acceptedButLost.push(a);
  }
  for (const a of refusedDuring) if (await stored(w, a.webhookId)) refusedButStored.push(a);
  // A sender retries each refused event with the same webhook-id: now they are taken.
  for (const refused of refusedDuring) {
    const answer = await postSigned(w.slug, w.secret, uniqueEvent("incident"), {
      baseURL: app.url,
      webhookId: refused.webhookId,
    });
    expect(answer.status()).toBe(202);
  }
  report("disk-faults", {
    "events sent during the fault": during.length,
    "faults injected": "disk full (tmpfs 16 MB)",
    refused: refusedDuring.length,
    "refusal statuses": [...new Set(refusedDuring.map((a) => a.status))].join("/"),
    "recovered after ms": recoveryMs,
    "202 but not stored (lost)": acceptedButLost.length,
    "refused but stored": refusedButStored.length,
  });
  expect(acceptedButLost).toEqual([]);
  expect(refusedButStored).toEqual([]);
});

test("events refused for a full disk get 503 with Retry-After and name the reason", async () => {
  test.skip(!canMount, "needs root to mount a size-limited tmpfs (mount -t tmpfs -o size=…)");
  const refused = during.filter((a) => a.status !== 202);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    expect(answer.status, answer.body).toBe(503);
    expect(Number(answer.retryAfter), "Retry-After in seconds").toBeGreaterThan(0);
    expect(JSON.parse(answer.body).error.message).toBeTruthy();
  }
});
