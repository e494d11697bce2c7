import { readFileSync } from "node:fs";
import path from "node:path";
import { E2E } from "../support/env";

/**
 * What the production build says exists, so the isolation and action parts cover every
 * page, route handler and server action, including ones added after this suite was written.
 */

export type BuiltAction = {
  id: string;
  name: string;
  file: string;
  /** A page that serves the action (the URL an action call is posted to), params unfilled. */
  page: string;
};

function readJson(file: string) {
  return JSON.parse(readFileSync(path.join(E2E.distDir, "server", file), "utf8"));
}

/** "app/(portal)/notifications/[id]/page" -> "/notifications/[id]" */
export function routeOf(entry: string): string {
  const route = entry
    .replace(/^app/, "")
    .replace(/\/(page|route)$/, "")
    .split("/")
    .filter((part) => part && !/^\(.*\)$/.test(part))
    .join("/");
  return `/${route}`;
}

export function builtActions(): BuiltAction[] {
  const manifest = readJson("server-reference-manifest.json") as {
    node: Record<
      string,
      { workers: Record<string, unknown>; filename: string; exportedName: string }
    >;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    name: entry.exportedName,
    file: entry.filename,
    page: routeOf(Object.keys(entry.workers)[0] ?? "app/page"),
  }));
}

export type BuiltRoute = { kind: "page" | "route"; entry: string; route: string };

export function builtRoutes(): BuiltRoute[] {
  const manifest = readJson("app-paths-manifest.json") as Record<string, string>;
  return Object.keys(manifest).map((entry) => ({
    kind: entry.endsWith("/route") ? "route" : "page",
    entry,
    route: routeOf(`app${entry}`),
  }));
}

/**
 * The action's result in a Flight answer (row `1:{…}`), if it has one. Long strings come
 * first as length-prefixed text rows with no newline after them, so the row is searched for.
 */
export function actionResult(text: string): Record<string, unknown> | undefined {
  const start = text.lastIndexOf('1:{"');
  if (start < 0) return undefined;
  const end = text.indexOf("\n", start);
  try {
    return JSON.parse(text.slice(start + 2, end < 0 ? undefined : end));
  } catch {
    return undefined;
  }
}

/**
 * An action call as React's client makes it (encodeReply): the form's fields under the
 * prefix "_1_", then the argument list in field "0" ([previous state, the form]).
 */
export function actionForm(fields: Record<string, string>, args = '["$undefined","$K1"]') {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  form.append("0", args);
  return form;
}
