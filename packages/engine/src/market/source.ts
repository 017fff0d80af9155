/** Where market data comes from: the one interface the datafeed and the paper broker read quotes and bars through. */
import type { Fixed } from '@trading-pro/contracts';
import type { MarketBar } from './bar.ts';
import type { InstrumentCatalog } from './instrument.ts';
import type { MarketQuote } from './quote.ts';
import type { Resolution } from './resolution.ts';

/** The current (or last) trading day's figures, for TradingView's quote fields. */
export interface DayStats {
  readonly open: Fixed;
  readonly high: Fixed;
  readonly low: Fixed;
  readonly volume: Fixed;
  /** Close of the trading day before; undefined when unknown. */
  readonly prevClose: Fixed | undefined;
}

export type QuoteListener = (quote: MarketQuote) => void;

export interface MarketSource {
  /** `simulated`, `csv`, `ccxt:binance`, … */
  readonly kind: string;
  /** The instruments it quotes (after `start` for sources that load them). */
  instruments(): InstrumentCatalog;
  /** Latest quote of a symbol, or undefined before the first one. */
  quote(symbol: string): MarketQuote | undefined;
  dayStats(symbol: string): DayStats | undefined;
  /**
   * Bars with `fromMs` ≤ time < `toMs`, oldest first, the forming bar included. With `countback`, the newest
   * `countback` bars before `toMs` even when they start before `fromMs`. Unknown symbols give no bars.
   */
  history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): Promise<readonly MarketBar[]>;
  /** Every new quote of every symbol; returns the unsubscribe function. */
  subscribe(listener: QuoteListener): () => void;
  /** Loads instruments and starts producing quotes. */
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

/** Calls each listener, so one failing listener neither stops the others nor the producer. */
export function notifyListeners(listeners: Iterable<QuoteListener>, quote: MarketQuote, onError: (error: unknown) => void): void {
  for (const listener of listeners) {
    try {
      listener(quote);
    } catch (error) {
      onError(error);
    }
  }
}
