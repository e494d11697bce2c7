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
};

export type Report = {
  bench: "beacon";
  date: string;
  engine: "sqlite" | "postgres";
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
export function table(rows: Row[]): string {
  const header = ["part", "figure", "Beacon", "beside it, same run", "ratio", "target", "met"];
  const lines = rows.map((row) => [
    row.part,
    row.note ? `${row.what} (${row.note})` : row.what,
    fmt(row.value, row.unit),
    row.beside ? `${row.beside.what}: ${fmt(row.beside.value, row.beside.unit)}` : "",
    ratioText(row.ratio),
    row.target ?? "",
    row.met === undefined ? "" : row.met ? "yes" : "**no**",
  ]);
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

/** This run beside an earlier one: new / old for each figure and each ratio both have. */
export function compare(current: Report, file: string): string {
  const old = JSON.parse(readFileSync(file, "utf8")) as Report;
  const previous = new Map(old.rows.map((row) => [row.key, row]));
  const header = ["figure", "before", "now", "now / before", "ratio before", "ratio now"];
  const lines: string[][] = [];
  for (const row of current.rows) {
    const before = previous.get(row.key);
    if (!before) continue;
    lines.push([
      `${row.part}: ${row.what}`,
      fmt(before.value, before.unit),
      fmt(row.value, row.unit),
      before.value ? `${fmt(row.value / before.value)}×` : "",
      ratioText(before.ratio),
      ratioText(row.ratio),
    ]);
  }
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((line) => line[i]!.length)));
  const render = (line: string[]) =>
    `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    `Compared with ${file} (${old.date}, ${old.machine.nproc} cores, node ${old.machine.node}):`,
    render(header),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...lines.map(render),
  ].join("\n");
}
