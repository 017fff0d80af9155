/**
 * The latest bars of one symbol of a streamed backtest, in a ring of fixed capacity: what `ctx.bar(ago)` and
 * `ctx.sma(period)` read when the bars are not all in memory. Moving averages come from running sums of the closes
 * in ticks (whole numbers, exact below 2^53), as in `BarSeries`.
 */
import type { Fixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import { BarView, type BarHistory } from './bar-series.ts';
import type { BacktestBar } from './strategy.ts';

const UNIT = 1e8;

export class RollingBars implements BarHistory {
  readonly symbol: string;
  /** How many of the latest bars are kept. */
  readonly capacity: number;
  /** Index of the latest bar (-1 before the first). */
  index = -1;
  readonly #bars: (MarketBar | undefined)[];
  /** sums[(i + 1) % (capacity + 1)] = Σ closes of bars 0..i, in ticks. */
  readonly #sums: Float64Array;
  readonly #tickSize: Fixed;
  readonly #tick: number;

  constructor(symbol: string, capacity: number, tickSize: Fixed) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history must be a whole number of bars ≥ 1, got ${capacity}`);
    this.symbol = symbol;
    this.capacity = capacity;
    this.#bars = new Array<MarketBar | undefined>(capacity).fill(undefined);
    this.#sums = new Float64Array(capacity + 1);
    this.#tickSize = tickSize;
    this.#tick = Number(tickSize) / UNIT;
  }

  /** Appends the next bar (its prices on the tick) and returns its index. */
  push(bar: MarketBar): number {
    if (bar.close % this.#tickSize !== 0n) throw new RangeError(`a close of ${this.symbol} at ${new Date(bar.time).toISOString()} is off its tick`);
    const index = ++this.index;
    const size = this.capacity + 1;
    this.#bars[index % this.capacity] = bar;
    this.#sums[(index + 1) % size] = (this.#sums[index % size] ?? 0) + Number(bar.close / this.#tickSize);
    return index;
  }

  /** The latest bar (undefined before the first). */
  get latest(): MarketBar | undefined {
    return this.index < 0 ? undefined : this.#bars[this.index % this.capacity];
  }

  view(index: number): BacktestBar | undefined {
    if (index < 0 || index > this.index || index <= this.index - this.capacity) return undefined;
    const bar = this.#bars[index % this.capacity];
    return bar === undefined ? undefined : new BarView(index, this.symbol, bar);
  }

  sma(end: number, period: number): number | undefined {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`an SMA period must be a whole number ≥ 1, got ${period}`);
    if (period > this.capacity) throw new RangeError(`an SMA over ${period} bars needs a history of at least ${period} bars (it keeps ${this.capacity})`);
    const from = end + 1 - period;
    if (from < 0 || end > this.index || from < this.index + 1 - this.capacity) return undefined;
    const size = this.capacity + 1;
    const total = (this.#sums[(end + 1) % size] ?? 0) - (this.#sums[from % size] ?? 0);
    return (total / period) * this.#tick;
  }
}
