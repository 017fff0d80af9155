/**
 * The quote model of a bar: how one OHLCV bar becomes the quotes the paper engine fills against.
 * Four quotes per bar: the open, then the extreme the bar's direction implies first (a bar that closed at or
 * above its open is taken to have gone down first: open → low → high → close; otherwise open → high → low →
 * close), then the close. Quote k (0..3) is stamped `bar.time + floor(span × k / 4)`. `last` is that price, the
 * spread is `spreadTicks` ticks around it (bid = last − ⌊spread/2⌋ ticks, ask = bid + spread), and the displayed
 * size on each side is a quarter of the bar's volume in whole lots (at least the minimum quantity), a fixed
 * `quoteSize` when given, or unlimited when the bar has no volume. `CsvMarketSource` takes the same price path.
 */
import { toFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import type { Instrument } from '../market/instrument.ts';
import type { MarketQuote } from '../market/quote.ts';
import { DAY_MS } from '../market/session-calendar.ts';

export const QUOTES_PER_BAR = 4;

/** Displayed size of a bar without volume: more than any order could take. */
const UNLIMITED: Fixed = 1_000_000_000n * 100_000_000n;

export interface BarQuoteOptions {
  /** Quoted spread in ticks (default 1). */
  readonly spreadTicks?: number;
  /** Fixed displayed size per quote, in instrument units (default: a quarter of the bar's volume). */
  readonly quoteSize?: number;
  /** Time a bar covers, in ms (default: inferred from the bars with `barSpanOf`). */
  readonly spanMs?: number;
}

/** A bar series' interval: its smallest gap between bars, a day for daily data or a single bar. */
export function barSpanOf(bars: readonly MarketBar[]): number {
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < bars.length; i++) {
    const current = bars[i];
    const previous = bars[i - 1];
    if (current !== undefined && previous !== undefined) gap = Math.min(gap, current.time - previous.time);
  }
  return gap >= DAY_MS * 0.8 || !Number.isFinite(gap) ? DAY_MS : gap;
}

/**
 * A quote whose fields the replay overwrites for each new quote of its symbol. The engine keeps a reference to the
 * latest quote of a symbol and reads it only until the next one arrives, which is this same object: reusing it
 * saves allocating four quote objects per bar, with the same fills.
 */
export class QuoteSlot implements MarketQuote {
  readonly symbol: string;
  time = 0;
  bid: Fixed = 0n;
  ask: Fixed = 0n;
  last: Fixed = 0n;
  bidSize: Fixed = 0n;
  askSize: Fixed = 0n;
  readonly volume: Fixed = 0n;

  constructor(symbol: string) {
    this.symbol = symbol;
  }
}

/** Turns bars of one instrument into quotes (see the file comment for the model). */
export class BarQuoter {
  readonly instrument: Instrument;
  readonly spanMs: number;
  readonly #below: Fixed;
  readonly #spread: Fixed;
  readonly #fixedSize: Fixed | undefined;
  readonly #offsets: readonly number[];
  readonly #lotStep: Fixed;
  readonly #minQty: Fixed;

  constructor(instrument: Instrument, spanMs: number, options: BarQuoteOptions = {}) {
    const ticks = options.spreadTicks ?? 1;
    if (!Number.isInteger(ticks) || ticks < 0) throw new RangeError('spreadTicks must be a whole number ≥ 0');
    if (options.quoteSize !== undefined && !(options.quoteSize > 0)) throw new RangeError('quoteSize must be > 0');
    this.instrument = instrument;
    this.spanMs = spanMs;
    this.#below = BigInt(Math.floor(ticks / 2)) * instrument.tickSize;
    this.#spread = BigInt(ticks) * instrument.tickSize;
    this.#fixedSize = options.quoteSize === undefined ? undefined : toFixed(options.quoteSize);
    this.#lotStep = instrument.lotStep;
    this.#minQty = instrument.minQty;
    this.#offsets = [0, 1, 2, 3].map((k) => Math.floor((spanMs * k) / QUOTES_PER_BAR));
  }

  /** The displayed size of each of the bar's quotes. */
  sizeOf(bar: MarketBar): Fixed {
    if (this.#fixedSize !== undefined) return this.#fixedSize;
    if (bar.volume === 0n) return UNLIMITED;
    const share = bar.volume / 4n;
    const lots = share - (share % this.#lotStep);
    return lots > this.#minQty ? lots : this.#minQty;
  }

  /** Quote k (0..3) of the bar; `size` is `sizeOf(bar)`, passed in so a replay computes it once per bar. */
  quote(bar: MarketBar, k: number, size: Fixed): MarketQuote {
    const slot = new QuoteSlot(this.instrument.symbol);
    this.write(slot, bar, k, size);
    const { symbol, time, bid, ask, last, bidSize, askSize, volume } = slot;
    return { symbol, time, bid, ask, last, bidSize, askSize, volume };
  }

  /** Writes quote k of the bar into `slot` in place: the replay's way, which allocates no quote object. */
  write(slot: QuoteSlot, bar: MarketBar, k: number, size: Fixed): void {
    const rising = bar.close >= bar.open;
    const last = k === 0 ? bar.open : k === 3 ? bar.close : (k === 1) === rising ? bar.low : bar.high;
    let bid = last;
    if (this.#below !== 0n && last > this.#below) bid = last - this.#below;
    slot.time = bar.time + (this.#offsets[k] ?? 0);
    slot.bid = bid;
    slot.ask = this.#spread === 0n ? bid : bid + this.#spread;
    slot.last = last;
    slot.bidSize = size;
    slot.askSize = size;
  }

  /** Time of the bar's close quote: when the strategy sees the bar. */
  closeTime(bar: MarketBar): number {
    return bar.time + (this.#offsets[QUOTES_PER_BAR - 1] ?? 0);
  }

  /** All four quotes of a bar, in order. */
  quotes(bar: MarketBar): MarketQuote[] {
    const size = this.sizeOf(bar);
    return [0, 1, 2, 3].map((k) => this.quote(bar, k, size));
  }
}
