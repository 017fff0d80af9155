/** OHLCV bars with exact prices: building the forming bar from quotes, rolling bars up, and picking a time range. */
import type { Fixed } from '@trading-pro/contracts';
import type { MarketQuote } from './quote.ts';
import { barSpanAt } from './resolution.ts';
import { tradingDayClose } from './session-calendar.ts';
import type { BarSpan, Resolution } from './resolution.ts';
import type { TradingSession } from './session.ts';

export interface MarketBar {
  /** Bar open time (Unix ms, UTC); 00:00 UTC of the trading date for daily bars. */
  readonly time: number;
  readonly open: Fixed;
  readonly high: Fixed;
  readonly low: Fixed;
  readonly close: Fixed;
  readonly volume: Fixed;
}

/**
 * Turns a stream of trades (or quotes' last prices) into the forming bar of one resolution. The bar is updated in
 * place until a trade falls past its end; then a new bar starts. Trades while the market is closed, or older than
 * the last one seen, are ignored.
 */
export class BarAggregator {
  readonly #session: TradingSession;
  readonly #resolution: Resolution;
  #bar: MarketBar | undefined;
  #span: BarSpan | undefined;
  #lastTime = Number.NEGATIVE_INFINITY;

  /** `last` (usually the newest history bar) is continued when trades still fall inside it. */
  constructor(session: TradingSession, resolution: Resolution, last?: MarketBar) {
    this.#session = session;
    this.#resolution = resolution;
    if (last) {
      this.#bar = last;
      // A daily bar's time is midnight UTC, which can be outside its own session (FX opens the evening before).
      this.#span = resolution === '1D' ? { time: last.time, end: tradingDayClose(session, last.time) } : barSpanAt(session, resolution, last.time);
      this.#lastTime = last.time;
    }
  }

  get resolution(): Resolution {
    return this.#resolution;
  }

  /** The forming bar, if any trade was seen. */
  current(): MarketBar | undefined {
    return this.#bar;
  }

  /** Adds a trade; returns the updated forming bar, or undefined when the trade was ignored. */
  add(timeMs: number, price: Fixed, volume: Fixed): MarketBar | undefined {
    if (timeMs < this.#lastTime) return undefined;
    const bar = this.#bar;
    const span = this.#span;
    if (bar && span && timeMs < span.end) {
      this.#lastTime = timeMs;
      this.#bar = {
        time: bar.time,
        open: bar.open,
        high: price > bar.high ? price : bar.high,
        low: price < bar.low ? price : bar.low,
        close: price,
        volume: bar.volume + volume,
      };
      return this.#bar;
    }
    const next = barSpanAt(this.#session, this.#resolution, timeMs);
    if (!next) return undefined;
    this.#lastTime = timeMs;
    this.#span = next;
    this.#bar = { time: next.time, open: price, high: price, low: price, close: price, volume };
    return this.#bar;
  }

  /** Adds a quote's last price and traded volume. */
  addQuote(quote: MarketQuote): MarketBar | undefined {
    return this.add(quote.time, quote.last, quote.volume);
  }
}

/** Rolls bars (sorted by time) up into a coarser resolution. Bars outside the sessions are dropped. */
export function aggregateBars(bars: readonly MarketBar[], session: TradingSession, resolution: Resolution): MarketBar[] {
  const result: MarketBar[] = [];
  let span: BarSpan | undefined;
  let current: MarketBar | undefined;
  for (const bar of bars) {
    if (span && current && bar.time < span.end) {
      current = merge(current, bar);
      result[result.length - 1] = current;
      continue;
    }
    span = barSpanAt(session, resolution, bar.time);
    if (!span) continue;
    if (current && current.time === span.time) {
      current = merge(current, bar);
      result[result.length - 1] = current;
    } else {
      current = { ...bar, time: span.time };
      result.push(current);
    }
  }
  return result;
}

function merge(into: MarketBar, bar: MarketBar): MarketBar {
  return {
    time: into.time,
    open: into.open,
    high: bar.high > into.high ? bar.high : into.high,
    low: bar.low < into.low ? bar.low : into.low,
    close: bar.close,
    volume: into.volume + bar.volume,
  };
}

/** Index of the first bar with time ≥ `timeMs` (bars sorted by time). */
export function lowerBound(bars: readonly { readonly time: number }[], timeMs: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars[mid]?.time ?? Infinity) < timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bars with `fromMs` ≤ time < `toMs`; with `countback`, the newest `countback` bars before `toMs` even when they
 * reach further back than `fromMs` (TradingView gives countback priority over `from`).
 */
export function selectBars<T extends { readonly time: number }>(bars: readonly T[], fromMs: number, toMs: number, countback?: number): T[] {
  const end = lowerBound(bars, toMs);
  const start = countback === undefined ? lowerBound(bars, fromMs) : Math.max(0, end - countback);
  return bars.slice(start, Math.max(start, end));
}
