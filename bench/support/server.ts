import { type ChildProcess, fork, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The processes the bench started that are still running: if the bench exits first (a
 * failure, Ctrl-C, a SIGTERM from the parent bench), they are told to stop as it exits, so no
 * server stays behind. Interrupted, the bench exits so that the hook runs.
 */
const running = new Set<ChildProcess>();
let hooked = false;

/** Interrupted, the bench exits, so that its exit hooks run (the tracked processes', the cluster's). */
export function exitOnInterrupt() {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGTERM");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => process.exit(130));
}

export function track<T extends ChildProcess>(child: T): T {
  exitOnInterrupt();
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `next build` into its own dist dir. Next rewrites tsconfig.json to include the types of
 * a dist dir it does not know; the bench puts the file back as it was.
 */
export function buildApp(distDir: string): number {
  const tsconfig = path.join(ROOT, "tsconfig.json");
  const before = readFileSync(tsconfig);
  const started = performance.now();
  try {
    const build = spawnSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir },
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  } finally {
    if (!readFileSync(tsconfig).equals(before)) writeFileSync(tsconfig, before);
  }
  return (performance.now() - started) / 1000;
}

export type App = { url: string; pid: number; stop(): Promise<void>; output(): string };

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/** `scripts/serve.mjs` (what `npm start` runs) of the bench's build on its own port, healthy before this resolves. */
export async function startApp(options: {
  distDir: string;
  env: Record<string, string | undefined>;
}): Promise<App> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: options.distDir,
    ...options.env,
  })) {
    if (value !== undefined) env[key] = value;
  }
  const child = track(
    spawn(
      process.execPath,
      [path.join(ROOT, "scripts", "serve.mjs"), "-p", String(port), "-H", "127.0.0.1"],
      {
        cwd: ROOT,
        env: env as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      },
    ),
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output = (output + String(chunk)).slice(-20_000);
  });
  child.stderr?.on("data", (chunk) => {
    output = (output + String(chunk)).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app did not become healthy:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited(child);
      clearTimeout(killer);
    },
  };
}

export type Worker = { pid: number; stop(): Promise<void>; output(): string };

/**
 * A dispatcher in a process of its own (lib/runtime/worker-cli.ts, what `npm run worker`
 * runs), forked with an IPC channel: it says when it is up, and it exits by itself if the
 * bench goes (the channel closes). Resolves once it is up.
 */
export function startWorker(env: Record<string, string | undefined>): Promise<Worker> {
  const child = track(
    fork(path.join(ROOT, "lib", "runtime", "worker-cli.ts"), [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      env: { ...process.env, NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    }),
  );
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const worker: Worker = {
    pid: child.pid!,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited(child);
      clearTimeout(killer);
    },
  };
  return new Promise((resolve, reject) => {
    child.on("message", (message) => {
      if (message === "ready") resolve(worker);
    });
    child.once("exit", (code) => reject(new Error(`a worker exited (${code}):\n${output}`)));
  });
}

export type ResendServer = { url: string; stop(): Promise<void> };

/** The local Resend-compatible server (e2e/resend-server) in its own process. */
export function startResendServer(rps: number): Promise<ResendServer> {
  const cli = path.join(ROOT, "e2e", "resend-server", "cli.ts");
  const child = track(
    spawn(
      process.execPath,
      ["--import", "tsx", cli, "--port", "0", "--host", "127.0.0.1", "--rps", String(rps)],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    ),
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /server on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        output = "";
        resolve({
          url,
          async stop() {
            child.kill();
            await exited(child);
          },
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`the Resend server exited (${code})`)));
  });
}

// ── Memory of a process tree (Linux /proc) ─────────────────────────────────────

/** The process and every descendant (the web server and its dispatcher child). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** The dispatcher child (worker-cli) or the rest (the web server and its wrappers). */
function roleOf(pid: number): "web" | "dispatcher" {
  return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("worker-cli") ? "dispatcher" : "web";
}

/**
 * CPU time (ms, user + system) the tree has used so far, split into the dispatcher (the
 * worker-cli child) and the rest (the web server and its wrappers). Read before and after a
 * run, it says what each request cost the server whatever else the machine was doing, which
 * throughput on a shared 2-core machine does not.
 */
export function treeCpu(root: number): { web: number; dispatcher: number } {
  const tick = 1000 / 100; // Linux USER_HZ
  const total = { web: 0, dispatcher: 0 };
  for (const pid of processTree(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * tick;
      total[roleOf(pid)] += ms;
    } catch {
      // gone
    }
  }
  return total;
}

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident bytes of the tree now (pass the pids to skip walking /proc on every sample). */
export function treeRss(root: number, pids: number[] = processTree(root)): number {
  return pids.reduce((sum, pid) => sum + statusField(pid, "VmRSS"), 0);
}

/** Peak resident bytes since the last reset, per process, summed over the tree. */
export function treeHwm(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + statusField(pid, "VmHWM"), 0);
}

/** Peak resident bytes since the last reset of the web server and of the dispatcher child apart. */
export function treeHwmByRole(root: number): { web: number; dispatcher: number } {
  const total = { web: 0, dispatcher: 0 };
  for (const pid of processTree(root)) {
    try {
      total[roleOf(pid)] += statusField(pid, "VmHWM");
    } catch {
      // gone
    }
  }
  return total;
}

/** Resets VmHWM of the tree (writing 5 to clear_refs), so a peak can be read for one phase. */
export function resetHwm(root: number): boolean {
  let ok = true;
  for (const pid of processTree(root)) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      ok = false;
    }
  }
  return ok;
}
