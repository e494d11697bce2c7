import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The dependency rule of docs/architecture.md, checked over the real import graph: each
 * folder may import only the folders listed after it, so imports point inward and no two
 * folders import each other. The pure core may not import a database, React, Next or I/O.
 */

const ROOT = path.resolve(__dirname, "..");

/** Outermost first. A folder may import its own files and any folder of a later layer. */
const LAYERS: string[][] = [
  ["app", "proxy.ts", "instrumentation.ts", "next.config.ts"],
  ["lib/runtime"],
  ["lib/webhooks", "lib/auth"],
  ["lib/api", "lib/http"],
  ["lib/render", "lib/transports"],
  ["lib/delivery", "lib/security"],
  ["db"],
  ["lib/intake"],
  ["emails"],
  ["lib/core"],
  ["lib/config.ts"],
];

/** Packages and built-ins the pure core may use: nothing that reaches a database, a network or the UI. */
const CORE_PACKAGES = new Set(["zod", "node:crypto"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (/^(node_modules|\.next.*|\.git|test-results|\.e2e-data|playwright-report)$/.test(name))
      return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const withoutExtension = (name: string) => name.replace(/\.(ts|tsx|mjs)$/, "");

function unitOf(file: string): string | null {
  const relative = withoutExtension(path.relative(ROOT, file).split(path.sep).join("/"));
  for (const layer of LAYERS) {
    for (const unit of layer) {
      const name = withoutExtension(unit);
      if (relative === name || relative.startsWith(`${name}/`)) return unit;
    }
  }
  return null;
}

function layerOf(unit: string): number {
  return LAYERS.findIndex((layer) => layer.includes(unit));
}

type Import = { from: string; spec: string; target: string | null };

function importsOf(file: string): Import[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^\s*(?:import|export)\s(?:[^"']*?\sfrom\s)?["']([^"']+)["']/gm)].map(
    (match) => {
      const spec = match[1] as string;
      const target = spec.startsWith("@/")
        ? path.join(ROOT, spec.slice(2))
        : spec.startsWith(".")
          ? path.resolve(path.dirname(file), spec)
          : null;
      return { from: file, spec, target };
    },
  );
}

const files = [...LAYERS.flat()].flatMap((unit) => {
  const full = path.join(ROOT, unit);
  const stat = statSync(full, { throwIfNoEntry: false });
  return stat?.isDirectory() ? sourceFiles(full) : stat ? [full] : [];
});

describe("the dependency rule", () => {
  it("finds the project's modules", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("points every import inward: a folder imports only folders of later layers", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = unitOf(file);
      if (!from) continue;
      for (const { spec, target } of importsOf(file)) {
        if (!target) continue;
        const to = unitOf(target);
        if (!to || to === from) continue;
        if (layerOf(to) <= layerOf(from)) {
          wrong.push(`${path.relative(ROOT, file)} imports ${spec} (${from} -> ${to})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps the core pure: no database, React, Next, templates or I/O", () => {
    const wrong: string[] = [];
    for (const file of files.filter((f) => unitOf(f) === "lib/core")) {
      for (const { spec, target } of importsOf(file)) {
        if (target) continue; // project imports are checked by the layer rule
        if (!CORE_PACKAGES.has(spec)) wrong.push(`${path.relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
