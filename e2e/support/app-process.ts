import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { E2E } from "./env";

export type AppProcess = {
  url: string;
  /** The web server process (scripts/serve.mjs; its dispatcher runs in a child: count the tree's memory). */
  pid: number;
  /** Ends the portal at once, as a crash or a power loss would (no shutdown code runs). */
  kill(): Promise<void>;
  stop(): Promise<void>;
};

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the portal at ${url} did not become healthy`);
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, () => probe.close(() => resolve(false)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * A dispatcher in a process of its own (`npm run worker`), for tests that run several beside
 * the portals on one database; ready once it says what it dispatches with.
 */
export async function startWorker(env: Record<string, string>): Promise<AppProcess> {
  const tsx = path.resolve("node_modules", ".bin", "tsx");
  const child = spawn(tsx, ["lib/runtime/worker-cli.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the worker did not start")), 60_000);
    child.stdout?.on("data", (chunk) => {
      output.push(String(chunk));
      if (output.join("").includes("Beacon worker: dispatching")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on("data", (chunk) => output.push(String(chunk)));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited with ${code}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output.join("")}`);
  }
  return handle(child, "");
}

function handle(child: ChildProcess, url: string): AppProcess {
  return {
    url,
    pid: child.pid ?? 0,
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
    async stop() {
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}

/**
 * A second portal process from the same production build, with its own environment
 * (e.g. the Resend transport), for tests that must restart or kill the app.
 */
export async function startApp(port: number, env: Record<string, string>): Promise<AppProcess> {
  // A server left behind by an aborted run would answer the health check in this one's place.
  if (await portTaken(port)) throw new Error(`port ${port} is already in use: stop what holds it`);
  const child = spawn(
    process.execPath,
    [path.resolve("scripts", "serve.mjs"), "-p", String(port)],
    {
      env: { ...process.env, NEXT_DIST_DIR: E2E.distDir, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output.join("")}`);
  }
  return handle(child, url);
}
