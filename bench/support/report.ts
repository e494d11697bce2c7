import { readFileSync } from "node:fs";

/** One figure of the bench, beside the limit measured in the same run when it has one. */
export type Row = {
  /** Stable across runs: what --compare matches on. */
  key: string;
  part: string;
  what: string;
  value: number;
  unit: string;
  beside?: { what: string; value: number; unit: string };
  /** value / beside.value */
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
  /** The database the figure was measured on; none for render and portal (no database). */
  engine?: Engine;
};

export type Engine = "sqlite" | "postgres";

export const ENGINE_NAMES: Record<Engine, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/** What --compare matches on: the key, and the engine unless it is SQLite (as before engines). */
export function rowId(row: Row): string {
  return row.engine === "postgres" ? `postgres.${row.key}` : row.key;
}

export type Report = {
  bench: "beacon";
  date: string;
  /** The engine of the process that wrote the report; `engines`: every engine of its rows. */
  engine: Engine;
  engines?: Engine[];
  /** The PostgreSQL server the postgres rows were measured on. */
  postgres?: string;
  machine: {
    nproc: number;
    cpu: string;
    node: string;
    /** One, five and fifteen minutes, at the end of the run and (when recorded) at its start. */
    loadavg: number[];
    loadavgAtStart?: number[];
    memoryGB: number;
  };
  options: Record<string, unknown>;
  generator: string;
  /** The load generator's CPU share per run, one line each (the child's, for the parent). */
  generatorShares?: string[];
  rows: Row[];
  seconds: number;
};

export function fmt(value: number | undefined, unit = ""): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = value.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
  return unit ? `${text} ${unit}` : text;
}

const ratioText = (ratio: number | undefined) =>
  ratio === undefined || Number.isNaN(ratio) ? "" : `${fmt(ratio)}×`;

/** The table, in Markdown (so it can go into the README as it is). */
/** A Markdown table with its columns padded to their widest cell, as the README shows it. */
function markdownTable(header: string[], lines: string[][]): string {
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((line) => line[i]!.length)));
  const render = (line: string[]) =>
    `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    render(header),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...lines.map(render),
  ].join("\n");
}

export function table(rows: Row[]): string {
  // The engine column only when PostgreSQL figures are there (a SQLite-only table as before).
  const engines = rows.some((row) => row.engine === "postgres");
  const header = [
    "part",
    ...(engines ? ["engine"] : []),
    "figure",
    "Beacon",
    "beside it, same run",
    "ratio",
    "target",
    "met",
  ];
  const lines = rows.map((row) => [
    row.part,
    ...(engines ? [row.engine ? ENGINE_NAMES[row.engine] : ""] : []),
    row.note ? `${row.what} (${row.note})` : row.what,
    fmt(row.value, row.unit),
    row.beside ? `${row.beside.what}: ${fmt(row.beside.value, row.beside.unit)}` : "",
    ratioText(row.ratio),
    row.target ?? "",
    row.met === undefined ? "" : row.met ? "yes" : "**no**",
  ]);
  return markdownTable(header, lines);
}

/** This run beside an earlier one: new / old for each figure and each ratio both have. */
export function compare(current: Report, file: string): string {
  const old = JSON.parse(readFileSync(file, "utf8")) as Report;
  const previous = new Map(old.rows.map((row) => [rowId(row), row]));
  const header = ["figure", "before", "now", "now / before", "ratio before", "ratio now"];
  const lines: string[][] = [];
  for (const row of current.rows) {
    const before = previous.get(rowId(row));
    if (!before) continue;
    lines.push([
      `${row.part}${row.engine === "postgres" ? " (PostgreSQL)" : ""}: ${row.what}`,
      fmt(before.value, before.unit),
      fmt(row.value, row.unit),
      before.value ? `${fmt(row.value / before.value)}×` : "",
      ratioText(before.ratio),
      ratioText(row.ratio),
    ]);
  }
  return [
    `Compared with ${file} (${old.date}, ${old.machine.nproc} cores, node ${old.machine.node}):`,
    markdownTable(header, lines),
  ].join("\n");
}

/**
 * The figures measured on both engines, side by side: each key that has a SQLite and a
 * PostgreSQL row, PostgreSQL's value over SQLite's, and each one's ratio to its own limit.
 */
export function engineTable(rows: Row[]): string | null {
  const sqlite = new Map(rows.filter((r) => r.engine === "sqlite").map((r) => [r.key, r]));
  const lines: string[][] = [];
  for (const pg of rows.filter((r) => r.engine === "postgres")) {
    const lite = sqlite.get(pg.key);
    if (!lite) continue;
    lines.push([
      `${pg.part}: ${pg.what}`,
      `${fmt(lite.value, lite.unit)}${lite.ratio === undefined ? "" : ` (${ratioText(lite.ratio)})`}`,
      `${fmt(pg.value, pg.unit)}${pg.ratio === undefined ? "" : ` (${ratioText(pg.ratio)})`}`,
      lite.value ? `${fmt(pg.value / lite.value)}×` : "",
    ]);
  }
  if (lines.length === 0) return null;
  const header = ["figure", "SQLite (ratio)", "PostgreSQL (ratio)", "PostgreSQL / SQLite"];
  return markdownTable(header, lines);
}

/**
 * One list of rows from the runs on each engine, in the order of the parts, each part's
 * SQLite rows first and its PostgreSQL rows right after them.
 */
export function mergeRows(parts: readonly string[], ...lists: Row[][]): Row[] {
  const rank = (row: Row) => {
    const index = parts.indexOf(row.part);
    return index < 0 ? parts.length : index;
  };
  const engineRank = (row: Row) => (row.engine === "postgres" ? 1 : 0);
  return lists.flat().sort((a, b) => rank(a) - rank(b) || engineRank(a) - engineRank(b));
}
