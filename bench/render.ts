/*
 * Notifications rendered per second, per template, open and resolved: HTML and text
 * together, exactly as renderNotification does for a real send. Run with
 * `npm run bench:render` (NODE_ENV=production, which makes React's server renderer about
 * twice as fast). Prints figures only; the target is 1,000 a second on one core.
 *
 *   BENCH_N=500 npm run bench:render        notifications per template (default 400)
 *   BENCH_ROUNDS=5 npm run bench:render     rounds N is split into; the best one counts (default 3)
 *   BENCH_COMPARE=1 npm run bench:render    also time the other ways of making the text part
 */
import { render, toPlainText, unstableToPlainText } from "@react-email/render";
import { EVENT_STATUSES, NOTIFICATION_TYPES, type NotificationEvent } from "../lib/core/events";
import { sampleEvent } from "../lib/core/sample-events";
import { notificationElement, renderEmailHtml, renderNotification } from "../lib/render/render";

type Strategy = { name: string; run: (event: NotificationEvent, i: number) => Promise<unknown> };

const N = Number(process.env.BENCH_N ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const shipped: Strategy = {
  name: "renderNotification (shipped)",
  run: (event, i) =>
    renderNotification(event, { accountId: "acc_bench", notificationId: `ntf_${i}` }),
};

// The alternatives measured while choosing how renderNotification makes its text part.
const alternatives: Strategy[] = [
  {
    name: "two render passes (html, then plainText: true)",
    run: async (event) => {
      const element = notificationElement(event);
      return [await render(element), await render(element, { plainText: true })];
    },
  },
  {
    name: "one render + toPlainText(html)",
    run: async (event) => {
      const html = await render(notificationElement(event));
      return [html, toPlainText(html)];
    },
  },
  {
    name: "one render + unstableToPlainText(html)",
    run: async (event) => {
      const html = await render(notificationElement(event));
      return [html, unstableToPlainText(html)];
    },
  },
  {
    name: "html only with render() (no text part)",
    run: (event) => render(notificationElement(event)),
  },
  {
    name: "synchronous html + toPlainText(html)",
    run: async (event) => {
      const html = await renderEmailHtml(notificationElement(event));
      return [html, toPlainText(html)];
    },
  },
];

type Rate = { wall: number; cpu: number };
type Cell = { strategy: Strategy; label: string; events: NotificationEvent[]; best: Rate };

/**
 * Runs one round of a cell: notifications per wall-clock second, and per CPU-second of
 * this process (on a shared, busy machine the second is closer to what a dedicated core
 * would do). Only the best round of each cell counts.
 */
async function runRound(cell: Cell, round: number, perRound: number): Promise<void> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = round * perRound; i < (round + 1) * perRound; i++) {
    await cell.strategy.run(cell.events[i % cell.events.length]!, i);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  cell.best.wall = Math.max(cell.best.wall, perRound / seconds);
  cell.best.cpu = Math.max(cell.best.cpu, perRound / cpuSeconds);
}

const fmt = (perSecond: number) => Math.round(perSecond).toLocaleString("en-US").padStart(7);
const harmonicMean = (rates: number[]) =>
  rates.length / rates.reduce((sum, rate) => sum + 1 / rate, 0);

export type RenderFigures = {
  templates: { label: string; perSecond: number; perCpuSecond: number }[];
  /** Harmonic mean over the templates (notifications/s when the mix is even). */
  perSecond: number;
  perCpuSecond: number;
  slowest: { label: string; perSecond: number };
};

/**
 * Renders every template (open and resolved) n times with the given strategies, in rounds
 * across every cell, and returns the best round of each cell.
 */
async function measure(strategies: Strategy[], n: number, rounds: number): Promise<Cell[]> {
  const warmup = Math.max(50, Math.floor(n / 10));
  const cells: Cell[] = [];
  for (const strategy of strategies) {
    for (const type of NOTIFICATION_TYPES) {
      for (const status of EVENT_STATUSES) {
        const event = sampleEvent(type, status);
        // Each notification differs a little (its id), as real ones do.
        const events = Array.from({ length: n }, (_, i) => ({ ...event, id: `${event.id}_${i}` }));
        // Warm up, so no cell pays for the JIT alone.
        for (let i = 0; i < warmup; i++) await strategy.run(event, i);
        cells.push({ strategy, label: `${type} (${status})`, events, best: { wall: 0, cpu: 0 } });
      }
    }
  }
  // Rounds go across every cell in turn, so a burst of load from other processes falls on
  // all strategies alike instead of on whichever happened to run then.
  const perRound = Math.max(1, Math.floor(n / rounds));
  for (let round = 0; round < rounds; round++) {
    for (const cell of cells) await runRound(cell, round, perRound);
  }
  return cells;
}

/** The shipped renderer's figures, for `npm run bench` (bench/bench.ts). */
export async function measureRender(n = N, rounds = ROUNDS): Promise<RenderFigures> {
  const cells = await measure([shipped], n, rounds);
  const templates = cells.map((cell) => ({
    label: cell.label,
    perSecond: cell.best.wall,
    perCpuSecond: cell.best.cpu,
  }));
  const slowest = templates.reduce((a, b) => (b.perSecond < a.perSecond ? b : a));
  return {
    templates,
    perSecond: harmonicMean(templates.map((t) => t.perSecond)),
    perCpuSecond: harmonicMean(templates.map((t) => t.perCpuSecond)),
    slowest: { label: slowest.label, perSecond: slowest.perSecond },
  };
}

async function main() {
  const strategies = process.env.BENCH_COMPARE ? [shipped, ...alternatives] : [shipped];
  console.log(
    `bench:render  NODE_ENV=${process.env.NODE_ENV ?? "(unset)"}  node ${process.version}  N=${N} per template in ${ROUNDS} rounds (best counts), one process (one core)`,
  );
  const cells = await measure(strategies, N, ROUNDS);
  for (const strategy of strategies) {
    console.log(`\n${strategy.name}`);
    const mine = cells.filter((cell) => cell.strategy === strategy);
    for (const { label, best } of mine) {
      console.log(
        `  ${label.padEnd(28)} ${fmt(best.wall)} notifications/s  (${fmt(best.cpu).trim()} per CPU-second)`,
      );
    }
    const wall = mine.map((cell) => cell.best.wall);
    const cpu = mine.map((cell) => cell.best.cpu);
    console.log(
      `  ${"summary".padEnd(28)} ${fmt(harmonicMean(wall))} notifications/s  (${fmt(harmonicMean(cpu)).trim()} per CPU-second); slowest template ${fmt(Math.min(...wall)).trim()}/s`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
