/** The bars of one symbol a live run has seen (history warm-up, then completed live bars), for `ctx.bar` and `ctx.sma`. */
import type { StrategyBar } from '@trading-pro/engine';

/** Kept per symbol: enough for any moving average a strategy asks of a live run. */
const KEPT = 5_000;

export class BarWindow {
  readonly symbol: string;
  readonly #bars: StrategyBar[] = [];
  /** Bars seen since the start, also those no longer kept. */
  #count = 0;

  constructor(symbol: string) {
    this.symbol = symbol;
  }

  /** Index of the latest bar (-1 before the first). */
  get index(): number {
    return this.#count - 1;
  }

  /** Appends a completed bar and returns it with its index. */
  push(bar: Omit<StrategyBar, 'index' | 'symbol'>): StrategyBar {
    const full: StrategyBar = { index: this.#count, symbol: this.symbol, time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
    this.#bars.push(full);
    this.#count += 1;
    if (this.#bars.length > KEPT * 2) this.#bars.splice(0, this.#bars.length - KEPT);
    return full;
  }

  /** The bar `ago` bars back (0 = the latest). */
  bar(ago = 0): StrategyBar | undefined {
    return ago < 0 ? undefined : this.#bars[this.#bars.length - 1 - ago];
  }

  /** SMA of the closes over `period` bars ending `ago` bars back; undefined until enough bars. */
  sma(period: number, ago = 0): number | undefined {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`an SMA period must be a whole number ≥ 1, got ${period}`);
    const end = this.#bars.length - ago;
    if (ago < 0 || end - period < 0) return undefined;
    let sum = 0;
    for (let i = end - period; i < end; i++) sum += (this.#bars[i] as StrategyBar).close;
    return sum / period;
  }
}
