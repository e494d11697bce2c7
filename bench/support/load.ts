import { fork } from "node:child_process";
import path from "node:path";
import type { LoadJob, LoadResult } from "../load-generator";

export type RunningLoad = { result: Promise<LoadResult>; stop(): void };

/** Runs one job in a fresh generator process (bench/load-generator.ts). */
export function startLoad(job: LoadJob): RunningLoad {
  const child = fork(path.join(__dirname, "..", "load-generator.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    child.on("message", (message: { ready?: boolean; result?: LoadResult; error?: string }) => {
      if (message.ready) child.send({ job });
      if (message.result) resolve(message.result);
      if (message.error) reject(new Error(`load generator: ${message.error}`));
    });
    child.once("exit", (code) => reject(new Error(`the load generator exited (${code})`)));
  });
  return {
    result,
    stop() {
      if (child.connected) child.send({ stop: true });
    },
  };
}

export function runLoad(job: LoadJob): Promise<LoadResult> {
  return startLoad(job).result;
}
