/**
 * The bars as a strategy sees them: number views built once, and prefix sums of the closes so that a simple
 * moving average of any period, at any bar, costs two array reads (no per-bar state, no allocation).
 */
import type { Fixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import type { BacktestBar } from './strategy.ts';

const UNIT = 1e8;

function toNumber(value: Fixed): number {
  // Exact for |value| < 2^53 units of 1e-8 (prices below 90 million), the division rounds once.
  return Number(value) / UNIT;
}

export class BarSeries {
  readonly bars: readonly BacktestBar[];
  /** sums[i] = Σ closes of bars 0..i-1, in ticks: whole numbers, so the sums are exact below 2^53. */
  readonly #sums: Float64Array;
  readonly #tick: number;

  constructor(bars: readonly MarketBar[], tickSize: Fixed) {
    const views: BacktestBar[] = new Array<BacktestBar>(bars.length);
    const sums = new Float64Array(bars.length + 1);
    let index = 0;
    for (const bar of bars) {
      views[index] = {
        index,
        time: bar.time,
        open: toNumber(bar.open),
        high: toNumber(bar.high),
        low: toNumber(bar.low),
        close: toNumber(bar.close),
        volume: toNumber(bar.volume),
      };
      sums[index + 1] = (sums[index] ?? 0) + Number(bar.close / tickSize);
      index++;
    }
    this.bars = views;
    this.#sums = sums;
    this.#tick = toNumber(tickSize);
  }

  get length(): number {
    return this.bars.length;
  }

  /** SMA of the closes over `period` bars ending at bar `end` (inclusive); undefined when out of range. */
  sma(end: number, period: number): number | undefined {
    const from = end + 1 - period;
    if (period < 1 || from < 0 || end >= this.bars.length) return undefined;
    const total = (this.#sums[end + 1] ?? 0) - (this.#sums[from] ?? 0);
    return (total / period) * this.#tick;
  }
}
