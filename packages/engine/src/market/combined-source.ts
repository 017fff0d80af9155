/**
 * Several named market sources seen as one, for the datafeed: every source's instruments, a symbol that two sources
 * both list kept bare for the first (the main source) and namespaced `NAME:SYMBOL` for the others
 * (`BINANCE:BTCUSDT`), and quotes, day figures and bars routed to the source that owns each symbol.
 */
import type { MarketBar } from './bar.ts';
import { catalogOf } from './instrument.ts';
import type { Instrument, InstrumentCatalog } from './instrument.ts';
import type { MarketQuote } from './quote.ts';
import type { Resolution } from './resolution.ts';
import type { DayStats, MarketSource, QuoteListener } from './source.ts';

export interface NamedSource {
  readonly name: string;
  readonly source: MarketSource;
}

interface Route {
  readonly source: MarketSource;
  readonly symbol: string;
}

export class CombinedMarketSource implements MarketSource {
  readonly kind = 'combined';
  readonly #sources: readonly NamedSource[];
  #routes = new Map<string, Route>();
  /** Per source: its symbol → the combined one. */
  #names = new Map<MarketSource, Map<string, string>>();
  #catalog: InstrumentCatalog = catalogOf([]);
  #built = -1;

  /** The first source owns bare names. */
  constructor(sources: readonly NamedSource[]) {
    this.#sources = sources;
  }

  get sources(): readonly NamedSource[] {
    return this.#sources;
  }

  /** Rebuilt when a source's list changes (exchange sources load theirs at start). */
  instruments(): InstrumentCatalog {
    const size = this.#sources.reduce((sum, { source }) => sum + source.instruments().list().length, 0);
    if (size !== this.#built) this.#build(size);
    return this.#catalog;
  }

  #build(size: number): void {
    const routes = new Map<string, Route>();
    const names = new Map<MarketSource, Map<string, string>>();
    const instruments: Instrument[] = [];
    for (const { name, source } of this.#sources) {
      const own = new Map<string, string>();
      names.set(source, own);
      for (const instrument of source.instruments().list()) {
        const combined = routes.has(instrument.symbol) ? `${name.toUpperCase()}:${instrument.symbol}` : instrument.symbol;
        if (routes.has(combined)) continue;
        routes.set(combined, { source, symbol: instrument.symbol });
        own.set(instrument.symbol, combined);
        instruments.push(combined === instrument.symbol ? instrument : { ...instrument, symbol: combined });
      }
    }
    this.#routes = routes;
    this.#names = names;
    this.#catalog = catalogOf(instruments);
    this.#built = size;
  }

  #route(symbol: string): Route | undefined {
    this.instruments();
    return this.#routes.get(symbol);
  }

  #rename(quote: MarketQuote, source: MarketSource): MarketQuote | undefined {
    const combined = this.#names.get(source)?.get(quote.symbol);
    if (combined === undefined) return undefined;
    return combined === quote.symbol ? quote : { ...quote, symbol: combined };
  }

  quote(symbol: string): MarketQuote | undefined {
    const route = this.#route(symbol);
    const quote = route?.source.quote(route.symbol);
    return route === undefined || quote === undefined ? undefined : this.#rename(quote, route.source);
  }

  dayStats(symbol: string): DayStats | undefined {
    const route = this.#route(symbol);
    return route?.source.dayStats(route.symbol);
  }

  history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): Promise<readonly MarketBar[]> {
    const route = this.#route(symbol);
    return route === undefined ? Promise.resolve([]) : route.source.history(route.symbol, resolution, fromMs, toMs, countback);
  }

  subscribe(listener: QuoteListener): () => void {
    const stops = this.#sources.map(({ source }) =>
      source.subscribe((quote) => {
        this.instruments();
        const renamed = this.#rename(quote, source);
        if (renamed !== undefined) listener(renamed);
      }),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }

  async start(): Promise<void> {
    for (const { source } of this.#sources) await source.start?.();
  }

  async stop(): Promise<void> {
    for (const { source } of this.#sources) await source.stop?.();
  }
}
