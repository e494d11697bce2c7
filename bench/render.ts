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
import {
  EVENT_STATUSES,
  NOTIFICATION_TYPES,
  type NotificationEvent,
} from "../lib/notifications/events";
import {
  notificationElement,
  renderEmailHtml,
  renderNotification,
} from "../lib/notifications/render";
import { sampleEvent } from "../lib/notifications/sample-events";

type Strategy = { name: string; run: (event: NotificationEvent, i: number) => Promise<unknown> };

const N = Number(process.env.BENCH_N ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Math.max(20, Math.floor(N / 10));

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

/**
 * Notifications per wall-clock second, and per CPU-second of this process: on a shared,
 * busy machine the second one is closer to what a dedicated core would do. N is split into
 * ROUNDS rounds and the best round counts, so a burst of load from other processes does
 * not decide the figure.
 */
async function measure(strategy: Strategy, event: NotificationEvent): Promise<Rate> {
  for (let i = 0; i < WARMUP; i++) await strategy.run(event, i);
  // Each notification differs a little (its id), as real ones do.
  const events = Array.from({ length: N }, (_, i) => ({ ...event, id: `${event.id}_${i}` }));
  const perRound = Math.max(1, Math.floor(N / ROUNDS));
  const best: Rate = { wall: 0, cpu: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = round * perRound; i < (round + 1) * perRound; i++) {
      await strategy.run(events[i % N]!, i);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    best.wall = Math.max(best.wall, perRound / seconds);
    best.cpu = Math.max(best.cpu, perRound / cpuSeconds);
  }
  return best;
}

const fmt = (perSecond: number) => Math.round(perSecond).toLocaleString("en-US").padStart(7);
const harmonicMean = (rates: number[]) =>
  rates.length / rates.reduce((sum, rate) => sum + 1 / rate, 0);

async function main() {
  const strategies = process.env.BENCH_COMPARE ? [shipped, ...alternatives] : [shipped];
  console.log(
    `bench:render  NODE_ENV=${process.env.NODE_ENV ?? "(unset)"}  node ${process.version}  N=${N} per template in ${ROUNDS} rounds (best counts), one process (one core)`,
  );
  for (const strategy of strategies) {
    // Warm every template first, so the first one measured does not pay for the JIT alone.
    for (const type of NOTIFICATION_TYPES) {
      for (const status of EVENT_STATUSES) {
        for (let i = 0; i < 100; i++) await strategy.run(sampleEvent(type, status), i);
      }
    }
    console.log(`\n${strategy.name}`);
    const rates: Rate[] = [];
    for (const type of NOTIFICATION_TYPES) {
      for (const status of EVENT_STATUSES) {
        const rate = await measure(strategy, sampleEvent(type, status));
        rates.push(rate);
        console.log(
          `  ${`${type} (${status})`.padEnd(28)} ${fmt(rate.wall)} notifications/s  (${fmt(rate.cpu).trim()} per CPU-second)`,
        );
      }
    }
    const wall = rates.map((rate) => rate.wall);
    const cpu = rates.map((rate) => rate.cpu);
    console.log(
      `  ${"summary".padEnd(28)} ${fmt(harmonicMean(wall))} notifications/s  (${fmt(harmonicMean(cpu)).trim()} per CPU-second); slowest template ${fmt(Math.min(...wall)).trim()}/s`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
