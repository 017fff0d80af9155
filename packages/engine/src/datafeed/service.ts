/**
 * The datafeed: TradingView-shaped configuration, symbols, search, history and quotes over any `MarketSource`,
 * plus the live producers behind the `quotes` and `bars` WebSocket routes. Times are Unix milliseconds throughout.
 */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { Bar, DatafeedConfig, History, QuoteData, SearchResult, SymbolInfo } from '@trading-pro/contracts';
import { BarAggregator } from '../market/bar.ts';
import type { Instrument } from '../market/instrument.ts';
import type { MarketQuote } from '../market/quote.ts';
import { RESOLUTIONS, parseResolution, type Resolution } from '../market/resolution.ts';
import type { MarketSource } from '../market/source.ts';
import { quoteError, toBar, toQuoteData } from './quote-data.ts';
import { searchInstruments, toSymbolInfo } from './symbol-info.ts';

export interface DatafeedServiceOptions {
  /** Largest `countback` honoured; larger ones are cut to it (default 5000). */
  readonly maxCountback?: number;
  /** Largest search `limit` honoured (default 100). */
  readonly maxSearchLimit?: number;
  /** Clock for market status (default `Date.now`). */
  readonly now?: () => number;
}

function invalid(path: string, message: string): TradingError {
  return new TradingError(ErrorCode.VALIDATION_ERROR, message, { details: [{ path, message }] });
}

export class DatafeedService {
  readonly #source: MarketSource;
  readonly #maxCountback: number;
  readonly #maxSearchLimit: number;
  readonly #now: () => number;

  constructor(source: MarketSource, options: DatafeedServiceOptions = {}) {
    this.#source = source;
    this.#now = options.now ?? Date.now;
    this.#maxCountback = options.maxCountback ?? 5000;
    this.#maxSearchLimit = options.maxSearchLimit ?? 100;
  }

  config(): DatafeedConfig {
    const instruments = this.#source.instruments().list();
    const exchanges = [...new Set(instruments.map((i) => i.exchange))].sort();
    const types = [...new Set(instruments.map((i) => i.type))].sort();
    return {
      supported_resolutions: [...RESOLUTIONS],
      exchanges: [{ value: '', name: 'All Exchanges', desc: '' }, ...exchanges.map((e) => ({ value: e, name: e, desc: e }))],
      symbols_types: [{ name: 'All types', value: '' }, ...types.map((t) => ({ name: t, value: t }))],
      supports_marks: false,
      supports_timescale_marks: false,
      supports_time: true,
      currency_codes: [...new Set(instruments.map((i) => i.currency))].sort(),
    };
  }

  /** Finds an instrument by `SYMBOL`, any case, or TradingView's `EXCHANGE:SYMBOL`; NOT_FOUND otherwise. */
  instrument(symbol: string): Instrument {
    const found = this.#find(symbol);
    if (!found) throw new TradingError(ErrorCode.NOT_FOUND, `unknown symbol: ${symbol}`, { details: [{ path: 'symbol', message: 'unknown symbol' }] });
    return found;
  }

  /** The instrument of `symbol` (any case, or `EXCHANGE:SYMBOL`), or undefined. */
  find(symbol: string): Instrument | undefined {
    return this.#find(symbol);
  }

  #find(symbol: string): Instrument | undefined {
    const catalog = this.#source.instruments();
    const text = symbol.trim();
    const exact = catalog.get(text) ?? catalog.get(text.toUpperCase());
    if (exact) return exact;
    const colon = text.indexOf(':');
    if (colon < 0) return undefined;
    const found = catalog.get(text.slice(colon + 1).toUpperCase());
    return found && found.exchange.toUpperCase() === text.slice(0, colon).toUpperCase() ? found : undefined;
  }

  symbolInfo(symbol: string): SymbolInfo {
    return toSymbolInfo(this.instrument(symbol), RESOLUTIONS, this.#now());
  }

  search(query: string, type?: string, exchange?: string, limit?: number): SearchResult[] {
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw invalid('limit', 'limit must be a positive integer');
    const capped = Math.min(limit ?? 30, this.#maxSearchLimit);
    return searchInstruments(this.#source.instruments().list(), { query, type, exchange, limit: capped });
  }

  /**
   * Bars with `from` ≤ time < `to` (ms), or the `countback` newest before `to`; `noData` + `nextTime` when empty.
   * A range holding more than `maxCountback` bars gives its newest `maxCountback`: page back with `to`.
   */
  async history(symbol: string, resolution: string, from: number, to: number, countback?: number): Promise<History> {
    const instrument = this.instrument(symbol);
    const parsed = this.#resolution(resolution);
    if (!Number.isSafeInteger(from) || from < 0) throw invalid('from', 'from must be Unix milliseconds');
    if (!Number.isSafeInteger(to) || to < 0) throw invalid('to', 'to must be Unix milliseconds');
    if (from >= to) throw invalid('from', 'from must be before to');
    if (countback !== undefined && !(Number.isInteger(countback) && countback >= 1)) throw invalid('countback', 'countback must be a positive integer');
    const limit = Math.min(countback ?? this.#maxCountback, this.#maxCountback);
    const found = await this.#source.history(instrument.symbol, parsed, from, to, limit);
    const bars = countback === undefined ? found.filter((bar) => bar.time >= from) : found;
    if (bars.length > 0) return { bars: bars.map(toBar), noData: false };
    const [older] = await this.#source.history(instrument.symbol, parsed, 0, from, 1);
    return older ? { bars: [], noData: true, nextTime: older.time } : { bars: [], noData: true };
  }

  #resolution(text: string): Resolution {
    const parsed = parseResolution(text);
    if (!parsed) throw invalid('resolution', `unsupported resolution ${JSON.stringify(text)}; supported: ${RESOLUTIONS.join(', ')}`);
    return parsed;
  }

  /** One entry per requested symbol, in order; unknown symbols and symbols without a quote yet are `s: "error"`. */
  quotes(symbols: readonly string[]): QuoteData[] {
    return symbols.map((symbol) => this.#quoteData(symbol));
  }

  #quoteData(symbol: string): QuoteData {
    const instrument = this.#find(symbol);
    if (!instrument) return quoteError(symbol, 'unknown symbol');
    const quote = this.#source.quote(instrument.symbol);
    if (!quote) return quoteError(symbol, 'no quote yet');
    return toQuoteData(instrument, quote, this.#source.dayStats(instrument.symbol), this.#now());
  }

  /** Producer of the `quotes` route: every new quote of `symbol` as QuoteData. Returns the unsubscribe function. */
  subscribeQuotes(symbol: string, listener: (quote: QuoteData) => void): () => void {
    const instrument = this.instrument(symbol);
    return this.#source.subscribe((quote) => {
      if (quote.symbol === instrument.symbol) listener(toQuoteData(instrument, quote, this.#source.dayStats(instrument.symbol), quote.time));
    });
  }

  /**
   * Producer of the `bars` route: the forming bar of `resolution` after every trade, continuing the newest history
   * bar; a new `time` means a new bar. Validates like `history`; resolves once live.
   */
  async subscribeBars(symbol: string, resolution: string, listener: (bar: Bar) => void): Promise<() => void> {
    const instrument = this.instrument(symbol);
    const parsed = this.#resolution(resolution);
    let aggregator: BarAggregator | undefined;
    const pending: MarketQuote[] = [];
    const onQuote = (quote: MarketQuote): void => {
      if (quote.symbol !== instrument.symbol) return;
      if (!aggregator) {
        pending.push(quote);
        return;
      }
      const bar = aggregator.addQuote(quote);
      if (bar) listener(toBar(bar));
    };
    const unsubscribe = this.#source.subscribe(onQuote);
    try {
      const [last] = await this.#source.history(instrument.symbol, parsed, 0, Number.MAX_SAFE_INTEGER, 1);
      aggregator = new BarAggregator(instrument.session, parsed, last);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    for (const quote of pending.splice(0)) onQuote(quote);
    return unsubscribe;
  }
}
