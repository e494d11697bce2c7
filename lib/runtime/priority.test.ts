import { spawn } from "node:child_process";
import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { lowerPriority } from "./dispatcher";

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function sleeper() {
  const child = spawn("sleep", ["30"]);
  children.push(child);
  return child.pid as number;
}

describe("the dispatcher child's priority", () => {
  it("is lowered by the configured nice increment, relative to the web server's", () => {
    const pid = sleeper();
    lowerPriority(pid, 10);
    expect(os.getPriority(pid)).toBe(Math.min(19, os.getPriority(process.pid) + 10));
  });

  it("stays as it is with 0", () => {
    const pid = sleeper();
    lowerPriority(pid, 0);
    expect(os.getPriority(pid)).toBe(os.getPriority(process.pid));
  });
});
