/** The simulated market as a live `MarketSource`: a timer steps the pure market and notifies subscribers. */
import type { MarketBar } from './bar.ts';
import type { InstrumentCatalog } from './instrument.ts';
import type { MarketQuote } from './quote.ts';
import type { Resolution } from './resolution.ts';
import { SimulatedMarket } from './simulated-market.ts';
import type { SimulatedMarketOptions } from './simulated-market.ts';
import { notifyListeners } from './source.ts';
import type { DayStats, MarketSource, QuoteListener } from './source.ts';

export interface LiveSimulatedSourceOptions extends Partial<SimulatedMarketOptions> {
  /** Milliseconds between steps (default 250). */
  readonly intervalMs?: number;
  /** Clock (default `Date.now`); `startTime` defaults to its value at construction. */
  readonly now?: () => number;
  /** Receives errors thrown by subscribers (default: `console.error`). */
  readonly onListenerError?: (error: unknown) => void;
}

export class LiveSimulatedSource implements MarketSource {
  readonly kind = 'simulated';
  readonly market: SimulatedMarket;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #onListenerError: (error: unknown) => void;
  readonly #listeners = new Set<QuoteListener>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: LiveSimulatedSourceOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#intervalMs = options.intervalMs ?? 250;
    this.#onListenerError = options.onListenerError ?? ((error) => console.error('market quote listener failed', error));
    this.market = new SimulatedMarket({ ...options, startTime: options.startTime ?? this.#now() });
  }

  instruments(): InstrumentCatalog {
    return this.market.catalog();
  }

  quote(symbol: string): MarketQuote | undefined {
    return this.market.quote(symbol);
  }

  dayStats(symbol: string): DayStats | undefined {
    return this.market.dayStats(symbol);
  }

  history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): Promise<readonly MarketBar[]> {
    return Promise.resolve(this.market.history(symbol, resolution, fromMs, toMs, countback));
  }

  subscribe(listener: QuoteListener): () => void {
    const wrapped: QuoteListener = (quote) => listener(quote);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  /** Starts the timer; it does not keep the process alive. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.advance(this.#now()), this.#intervalMs);
    // Node timers can stop holding the process open; browsers have no such thing.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Steps the market to `now` and notifies subscribers; the timer calls this, tests and backtests may too. */
  advance(now: number): readonly MarketQuote[] {
    const quotes = this.market.step(now);
    for (const quote of quotes) notifyListeners(this.#listeners, quote, this.#onListenerError);
    return quotes;
  }
}
