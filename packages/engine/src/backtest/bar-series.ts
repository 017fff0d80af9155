/**
 * The bars as a strategy sees them, and prefix sums of the closes so that a simple moving average of any period,
 * at any bar, costs two reads. Converting a bigint to a number is the expensive step of a replay, so a bar view
 * converts a field only when the strategy reads it.
 */
import type { Fixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import type { BacktestBar } from './strategy.ts';

/** Number(x) / 1e8 is the exact decimal's nearest double for |x| < 2^53 units (values below 90 million). */
const UNIT = 1e8;

/** One bar in plain numbers, each converted on first read. */
export class BarView implements BacktestBar {
  readonly index: number;
  readonly symbol: string;
  readonly time: number;
  readonly #bar: MarketBar;

  constructor(index: number, symbol: string, bar: MarketBar) {
    this.index = index;
    this.symbol = symbol;
    this.time = bar.time;
    this.#bar = bar;
  }

  get open(): number {
    return Number(this.#bar.open) / UNIT;
  }

  get high(): number {
    return Number(this.#bar.high) / UNIT;
  }

  get low(): number {
    return Number(this.#bar.low) / UNIT;
  }

  get close(): number {
    return Number(this.#bar.close) / UNIT;
  }

  get volume(): number {
    return Number(this.#bar.volume) / UNIT;
  }

  toJSON(): BacktestBar {
    const { index, symbol, time, open, high, low, close, volume } = this;
    return { index, symbol, time, open, high, low, close, volume };
  }
}

/** What a strategy's lookups read: a symbol's bars by index and moving averages of their closes. */
export interface BarHistory {
  /** Bar `index` (undefined out of range). */
  view(index: number): BacktestBar | undefined;
  /** SMA of the closes over `period` bars ending at bar `end` (inclusive); undefined when out of range. */
  sma(end: number, period: number): number | undefined;
}

export class BarSeries implements BarHistory {
  readonly symbol: string;
  readonly bars: readonly MarketBar[];
  readonly length: number;
  /** sums[i] = Σ closes of bars 0..i-1, in ticks: whole numbers, so the sums are exact below 2^53. */
  readonly #sums: Float64Array;
  readonly #tick: number;
  readonly #tickUnits: number;

  /** `bars` must be on the tick (`barsOnTick`). */
  constructor(symbol: string, bars: readonly MarketBar[], tickSize: Fixed) {
    const n = bars.length;
    this.symbol = symbol;
    this.bars = bars;
    this.length = n;
    this.#sums = new Float64Array(n + 1);
    this.#tickUnits = Number(tickSize);
    this.#tick = this.#tickUnits / UNIT;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += Number((bars[i] as MarketBar).close / tickSize);
      this.#sums[i + 1] = sum;
    }
  }

  /** Bar `index` (undefined out of range). */
  view(index: number): BacktestBar | undefined {
    const bar = index >= 0 ? this.bars[index] : undefined;
    return bar === undefined ? undefined : new BarView(index, this.symbol, bar);
  }

  /** Close of bar `index`, from the sums (no bigint conversion; exact ticks × tick units, rounded once). */
  close(index: number): number {
    return (((this.#sums[index + 1] ?? 0) - (this.#sums[index] ?? 0)) * this.#tickUnits) / UNIT;
  }

  /** SMA of the closes over `period` bars ending at bar `end` (inclusive); undefined when out of range. */
  sma(end: number, period: number): number | undefined {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`an SMA period must be a whole number ≥ 1, got ${period}`);
    const from = end + 1 - period;
    if (from < 0 || end >= this.length) return undefined;
    const total = (this.#sums[end + 1] ?? 0) - (this.#sums[from] ?? 0);
    return (total / period) * this.#tick;
  }
}
