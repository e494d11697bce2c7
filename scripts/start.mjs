#!/usr/bin/env node
// `npm start`: builds the portal when no production build exists, then serves it on PORT
// (default 3000) with the embedded defaults, and says where to sign in.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const distDir = process.env.NEXT_DIST_DIR || ".next";
const port = process.env.PORT || "3000";
const host = process.env.HOSTNAME || "0.0.0.0";
const next = path.join("node_modules", ".bin", "next");

if (!existsSync(path.join(distDir, "BUILD_ID"))) {
  console.log("No production build yet: building the portal (about a minute)…");
  const build = spawnSync(next, ["build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Idle keep-alive connections outlive a load balancer's (AWS ALB and nginx default to 60 s),
// so the balancer, not the server, closes them and never reuses a socket the server just shut.
const keepAlive = process.env.KEEP_ALIVE_TIMEOUT_MS || "65000";
const server = spawn(next, ["start", "-p", port, "-H", host, "--keepAliveTimeout", keepAlive], {
  stdio: ["inherit", "pipe", "inherit"],
});
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
