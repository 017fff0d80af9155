/**
 * Backtest replay throughput in bars/s: 1,000,000 synthetic daily bars of one symbol, each replayed as its four
 * quotes through the paper engine plus the strategy call and the equity sample, with a no-op strategy and with
 * the example SMA crossover; then the same including the report (trades, per-bar curve). Best of three runs, as
 * the machine may be shared. Published figures of other backtesters are printed beside them for reference.
 */
import { parseFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import { createRandom, replayBacktest, reportBacktest } from '@trading-pro/engine';
import type { Instrument, MarketBar, Strategy, StrategyParams } from '@trading-pro/engine';
import { strategy as smaCrossClassic } from '../examples/strategies/sma-cross-classic.ts';
import { strategy as smaCross } from '../examples/strategies/sma-cross.ts';
import { type BenchResult, isMain, printResult, round, writeResult } from './lib.ts';

const BARS = 1_000_000;
const DAY = 86_400_000;
const START = Date.parse('1990-01-01T00:00:00Z');

const INSTRUMENT: Instrument = {
  symbol: 'BENCH', description: 'benchmark', type: 'stock', exchange: 'SIM', currency: 'USD',
  tickSize: parseFixed('0.01'), lotStep: parseFixed('1'), minQty: parseFixed('1'),
  session: { spec: '24x7', timezone: 'Etc/UTC' }, maxLeverage: 1, defaultLeverage: 1,
};

const noop: Strategy = { name: 'no-op', onBar() {} };

/** A seeded random walk in cents, mean-reverting around 100.00 so a million bars stay in a sane range. */
function syntheticBars(count: number): MarketBar[] {
  const random = createRandom(42);
  const cents = (value: number): Fixed => BigInt(Math.max(1, Math.round(value))) * 1_000_000n;
  const bars: MarketBar[] = new Array<MarketBar>(count);
  let close = 10_000;
  for (let i = 0; i < count; i++) {
    const open = close + Math.round(random.gaussian() * 20);
    close = Math.max(100, open + Math.round(random.gaussian() * 150 + (10_000 - open) * 0.002));
    const high = Math.max(open, close) + Math.round(random.next() * 80);
    const low = Math.max(1, Math.min(open, close) - Math.round(random.next() * 80));
    bars[i] = { time: START + i * DAY, open: cents(open), high: cents(high), low: cents(low), close: cents(close), volume: BigInt(100_000 + Math.round(random.next() * 900_000)) * 100_000_000n };
  }
  return bars;
}

const RUNS = 3;

function measure<State, Params extends StrategyParams>(name: string, bars: readonly MarketBar[], strategy: Strategy<State, Params>): Record<string, string | number> {
  let replaySeconds = Number.POSITIVE_INFINITY;
  let totalSeconds = Number.POSITIVE_INFINITY;
  let summary = { orders: 0, fills: 0 };
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const replay = replayBacktest({ symbol: 'BENCH', bars, strategy, instrument: INSTRUMENT, commission: { rate: 0.001 } });
    const replayed = performance.now();
    const report = reportBacktest(replay);
    const end = performance.now();
    replaySeconds = Math.min(replaySeconds, (replayed - start) / 1000);
    totalSeconds = Math.min(totalSeconds, (end - start) / 1000);
    summary = report.summary;
  }
  return {
    backtest: name,
    bars: bars.length,
    orders: summary.orders,
    fills: summary.fills,
    'replay s': round(replaySeconds, 3),
    'bars/s': Math.round(bars.length / replaySeconds),
    'with report s': round(totalSeconds, 3),
    'bars/s with report': Math.round(bars.length / totalSeconds),
  };
}

export async function run(): Promise<BenchResult> {
  const bars = syntheticBars(BARS);
  measure('warm-up', bars.slice(0, 20_000), smaCrossClassic);
  measure('warm-up', bars.slice(0, 20_000), smaCross);
  const noopRow = measure('trading-pro, no-op strategy', bars, noop);
  const smaRow = measure(`trading-pro, ${smaCrossClassic.name} (ctx.crossover)`, bars, smaCrossClassic);
  const indicatorRow = measure(`trading-pro, ${smaCross.name} ${smaCross.params?.fast}/${smaCross.params?.slow} (trading-signals SMA)`, bars, smaCross);
  const rows = [
    noopRow,
    smaRow,
    indicatorRow,
    { backtest: 'backtrader (published, Python)', 'bars/s': '~15,000–35,000' },
    { backtest: 'LEAN flags a data feed as slow (published)', 'bars/s': '< 40,000 data points/s' },
  ];
  const summary = {
    noopBarsPerSecond: Number(noopRow['bars/s']),
    smaBarsPerSecond: Number(smaRow['bars/s']),
    smaBarsPerSecondWithReport: Number(smaRow['bars/s with report']),
    indicatorSmaBarsPerSecond: Number(indicatorRow['bars/s']),
  };
  return { name: `Backtest replay (bars/s, one symbol, 4 quotes per bar, best of ${RUNS})`, rows, summary };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('backtest-bars', result);
}
