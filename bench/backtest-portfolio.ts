/**
 * Portfolio backtest throughput: 100 symbols × one year of 1-minute bars in US regular trading hours (252 sessions of
 * 390 bars, 9,828,000 bars), generated on the fly by one seeded generator per symbol, merged by time
 * (`mergeBarStreams`) and replayed by `replayBarStream` (four quotes per bar through the paper engine), never all in
 * memory. Rows: the data alone (generation and merge, nothing replayed), a no-op strategy (the replay's ceiling), and
 * a daily cross-sectional momentum rebalance across the 100 symbols written with the public strategy API. Each row
 * runs in a process of its own, so its peak RSS is its own.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { OrderType, parseFixed } from '@trading-pro/contracts';
import { createRandom, deriveSeed } from '@trading-pro/engine';
import type { Instrument } from '@trading-pro/engine';
import { defineStrategy, mergeBarStreams, replayBarStream } from '@trading-pro/strategy';
import type { Strategy, StrategyParams, SymbolBar } from '@trading-pro/strategy';
import { type BenchResult, isMain, loadAverageRows, printResult, round, writeResult } from './lib.ts';

const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 100);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 252);
const BARS_PER_SESSION = 390;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** 2025-01-02, a Thursday: sessions are the weekdays from there, 14:30–21:00 UTC (9:30–16:00 New York in winter). */
const FIRST_DAY = Date.UTC(2025, 0, 2);
const OPEN_OFFSET = (14 * 60 + 30) * MINUTE;

const symbolOf = (i: number): string => `P${String(i).padStart(3, '0')}`;

function instrumentOf(symbol: string): Instrument {
  return {
    symbol, description: 'portfolio benchmark', type: 'stock', exchange: 'SIM', currency: 'USD',
    tickSize: parseFixed('0.01'), lotStep: parseFixed('1'), minQty: parseFixed('1'),
    session: { spec: '0930-1600:23456', timezone: 'America/New_York' }, maxLeverage: 2, defaultLeverage: 2,
  };
}

/** Session opens: the first SESSIONS weekdays from FIRST_DAY (holidays are not skipped). */
function sessionOpens(): number[] {
  const opens: number[] = [];
  for (let day = FIRST_DAY; opens.length < SESSIONS; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) opens.push(day + OPEN_OFFSET);
  }
  return opens;
}

/** One symbol's minute bars, a seeded random walk in cents around its own level, produced as they are asked for. */
function* symbolBars(index: number, opens: readonly number[]): Generator<SymbolBar> {
  const symbol = symbolOf(index);
  const random = createRandom(deriveSeed(42, symbol));
  let close = 2_000 + index * 300;
  for (const open of opens) {
    for (let m = 0; m < BARS_PER_SESSION; m++) {
      // Uniform steps (cheaper than normal ones, and a walk all the same); cents × 10^6 is the exact Fixed price.
      const first = close + Math.round((random.next() - 0.5) * 4);
      close = Math.max(100, first + Math.round((random.next() - 0.5) * 16));
      const spread = Math.round(random.next() * 6);
      yield {
        symbol,
        time: open + m * MINUTE,
        open: BigInt(first * 1_000_000),
        high: BigInt((Math.max(first, close) + spread) * 1_000_000),
        low: BigInt(Math.max(1, Math.min(first, close) - spread) * 1_000_000),
        close: BigInt(close * 1_000_000),
        volume: 40_000_000_000_000n,
      };
    }
  }
}

function barStream(): Iterable<SymbolBar> {
  const opens = sessionOpens();
  return mergeBarStreams(Array.from({ length: SYMBOLS }, (_, i) => symbolBars(i, opens)));
}

interface Momentum {
  day: number;
  /** Each symbol's price at the previous rebalance. */
  readonly reference: Float64Array;
}

/**
 * Once a day, at the first bar of the session: rank the symbols by their return since the previous rebalance, hold
 * the top tenth in equal parts of 90% of equity (2:1 margin), sell the rest. Market orders; sells before buys.
 */
export const momentum = defineStrategy<Momentum, { hold: number; exposure: number }>({
  name: 'daily-momentum',
  params: { hold: 10, exposure: 0.9 },
  init: (ctx) => ({ day: -1, reference: new Float64Array(ctx.symbols.length) }),
  onBar: (bar, ctx, state) => {
    const day = Math.floor(bar.time / DAY);
    if (bar.symbol !== ctx.symbols[0] || day === state.day) return;
    state.day = day;
    const prices = ctx.symbols.map((symbol) => ctx.quote(symbol)?.last ?? 0);
    const ranked = prices.map((price, i) => ({ i, change: state.reference[i] ? price / (state.reference[i] as number) - 1 : 0 })).sort((a, b) => b.change - a.change);
    const chosen = new Set(ranked.slice(0, ctx.params.hold).map((r) => r.i));
    const budget = (ctx.equity() * ctx.params.exposure) / ctx.params.hold;
    const orders: { symbol: string; delta: number }[] = [];
    ctx.symbols.forEach((symbol, i) => {
      const price = prices[i] as number;
      const target = chosen.has(i) && price > 0 ? Math.floor(budget / price) : 0;
      const delta = target - ctx.positionQty(symbol);
      if (delta !== 0) orders.push({ symbol, delta });
      state.reference[i] = price;
    });
    orders.sort((a, b) => a.delta - b.delta);
    for (const { symbol, delta } of orders) ctx.placeOrder({ symbol, type: OrderType.Market, side: delta > 0 ? 1 : -1, qty: Math.abs(delta) });
  },
});

const noop: Strategy = { name: 'no-op', onBar() {} };

type RowName = 'data' | 'no-op' | 'momentum';

/** Runs one row in this process: its figures, peak RSS included. */
function runRow(name: RowName): Record<string, string | number> {
  const instruments = Array.from({ length: SYMBOLS }, (_, i) => instrumentOf(symbolOf(i)));
  const cpu = process.cpuUsage();
  const start = performance.now();
  let bars = 0;
  let summary: { orders: number; fills: number; finalEquity: number; maxDrawdownPct: number } | undefined;
  if (name === 'data') {
    for (const bar of barStream()) if (bar.volume !== 0n) bars++;
  } else {
    const strategy = (name === 'no-op' ? noop : momentum) as Strategy<unknown, StrategyParams>;
    const run = replayBarStream({ instruments, bars: barStream(), barSpanMs: MINUTE, history: 64, strategy, commission: { rate: 0.0005, min: 1 }, initialCash: 1_000_000 });
    bars = run.bars;
    summary = run.summary;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  // What stays reachable at the end (the child runs with --expose-gc): flat in the number of bars when streamed.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const liveHeap = process.memoryUsage().heapUsed / 1_048_576;
  const label = name === 'data' ? 'data only: generate and merge (no replay)' : name === 'no-op' ? 'trading-pro, no-op strategy (ceiling)' : `trading-pro, ${momentum.name} (top ${momentum.params?.hold} of ${SYMBOLS}, daily)`;
  return {
    run: label,
    bars,
    orders: summary?.orders ?? '',
    fills: summary?.fills ?? '',
    'final equity': summary === undefined ? '' : round(summary.finalEquity, 2),
    'max drawdown %': summary === undefined ? '' : summary.maxDrawdownPct,
    seconds: round(seconds, 2),
    'bars/s': Math.round(bars / seconds),
    'CPU s': round(cpuSeconds, 2),
    'bars per CPU second': Math.round(bars / cpuSeconds),
    'peak RSS MiB': Math.round(rss),
    'heap after GC MiB': gc === undefined ? '' : round(liveHeap, 1),
  };
}

/** One row in a child process (`--row <name>`), read back from its last line of output. */
function rowInChild(name: RowName): Record<string, string | number> {
  const output = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--row', name], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = output.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as Record<string, string | number>;
}

export async function run(): Promise<BenchResult> {
  const before = loadavg()[0] ?? 0;
  const rows = (['data', 'no-op', 'momentum'] as const).map(rowInChild);
  const rate = (i: number): number => Number(rows[i]?.['bars/s']);
  return {
    name: `Portfolio backtest, streamed (${SYMBOLS} symbols × ${SESSIONS} sessions × ${BARS_PER_SESSION} one-minute bars, 4 quotes per bar)`,
    rows: [...rows, { run: 'backtrader (published, Python)', 'bars/s': '~15,000–35,000' }],
    summary: { dataBarsPerSecond: rate(0), noopBarsPerSecond: rate(1), momentumBarsPerSecond: rate(2), goalBarsPerSecond: 2_000_000, momentumPeakRssMiB: Number(rows[2]?.['peak RSS MiB']), ...loadAverageRows(before) },
  };
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--row');
  if (at >= 0) process.stdout.write(`${JSON.stringify(runRow(process.argv[at + 1] as RowName))}\n`);
  else {
    const result = await run();
    printResult(result);
    writeResult('backtest-portfolio', result);
  }
}
