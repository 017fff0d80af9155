/**
 * Backtest replay throughput in bars/s: 1,000,000 synthetic daily bars of one symbol, each replayed as its four
 * quotes through the paper engine plus the strategy call and the equity sample, with a no-op strategy and with
 * the example SMA crossover. Published figures of other backtesters are printed beside them for reference.
 */
import { parseFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import { createRandom, runBacktest } from '@trading-pro/engine';
import type { Instrument, MarketBar, Strategy } from '@trading-pro/engine';
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

function measure(name: string, bars: readonly MarketBar[], strategy: Strategy): Record<string, string | number> {
  const start = performance.now();
  const run = runBacktest({ symbol: 'BENCH', bars, strategy, instrument: INSTRUMENT, commission: { rate: 0.001 } });
  const seconds = (performance.now() - start) / 1000;
  return {
    backtest: name,
    bars: bars.length,
    quotes: bars.length * 4,
    orders: run.report.summary.orders,
    fills: run.report.summary.fills,
    seconds: round(seconds, 3),
    'bars/s': Math.round(bars.length / seconds),
  };
}

export async function run(): Promise<BenchResult> {
  const bars = syntheticBars(BARS);
  measure('warm-up', bars.slice(0, 50_000), smaCross);
  const noopRow = measure('trading-pro, no-op strategy', bars, noop);
  const smaRow = measure(`trading-pro, ${smaCross.name}`, bars, smaCross);
  const rows = [
    noopRow,
    smaRow,
    { backtest: 'backtrader (published, Python)', 'bars/s': '~15,000–35,000' },
    { backtest: 'LEAN flags a data feed as slow (published)', 'bars/s': '< 40,000 data points/s' },
  ];
  return { name: 'Backtest replay (bars/s, one symbol, 4 quotes per bar)', rows, summary: { noopBarsPerSecond: Number(noopRow['bars/s']), smaBarsPerSecond: Number(smaRow['bars/s']) } };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('backtest-bars', result);
}
