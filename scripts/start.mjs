#!/usr/bin/env node
// `npm start`: builds the portal when no production build exists, then serves it on PORT
// (default 3000) with the embedded defaults, and says where to sign in.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const distDir = process.env.NEXT_DIST_DIR || ".next";
const port = process.env.PORT || "3000";
const host = process.env.HOSTNAME || "0.0.0.0";
const next = path.join("node_modules", ".bin", "next");

const built = () => existsSync(path.join(distDir, "BUILD_ID"));
// Several instances started at once on a fresh checkout (the README's two web instances) must
// not build into one folder together: one builds under a lock file, the others wait for it.
const lock = `${distDir}.build-lock`;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

function takeLock() {
  try {
    writeFileSync(lock, String(process.pid), { flag: "wx" });
    return true;
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
    const holder = Number(readFileSync(lock, "utf8")) || 0;
    // A builder that died (killed mid-build) leaves its lock: take it over.
    if (holder && !alive(holder)) rmSync(lock, { force: true });
    return false;
  }
}

let waited = false;
while (!built()) {
  if (takeLock()) {
    let status = 0;
    if (!built()) {
      console.log("No production build yet: building the portal (about a minute)…");
      status = spawnSync(next, ["build"], { stdio: "inherit" }).status ?? 1;
    }
    rmSync(lock, { force: true });
    if (status !== 0) process.exit(status);
  } else {
    if (!waited) console.log("Another npm start is building the portal: waiting for it…");
    waited = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}

// The server of Beacon's own (scripts/serve.mjs): Next's handler, requests started in turns.
const server = spawn(
  process.execPath,
  [path.join("scripts", "serve.mjs"), "-p", port, "-H", host],
  {
    stdio: ["inherit", "pipe", "inherit"],
  },
);
let announced = false;
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Ready in/.test(String(chunk))) {
    announced = true;
    const set = process.env.DEMO_ADMIN_PASSWORD && process.env.DEMO_USER_PASSWORD;
    console.log(`
  Beacon is running: sign in at http://localhost:${port}/sign-in
    Demo accounts: admin@demo.test (Account Admin), user@demo.test (Account User),
    admin@other.test (another account's admin).
    Their passwords ${set ? "are DEMO_ADMIN_PASSWORD / DEMO_USER_PASSWORD" : "were generated and printed in this log when the demo data was created (first start only); to choose them, set DEMO_ADMIN_PASSWORD and DEMO_USER_PASSWORD before the first start"}.
  (demo data is created on an empty database unless DEMO_SEED=0)
`);
  }
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
