/**
 * Public market data from an exchange through ccxt as a `MarketSource`: markets from `loadMarkets`, quotes from
 * `watchTicker` when the exchange streams them (else `fetchTickers`/`fetchTicker` polling), bars from `fetchOHLCV`.
 * No credentials are needed. Symbols are base and quote joined (`BTC/USDT` → `BTCUSDT`).
 */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { catalogOf, notifyListeners, resolutionMinutes } from '@trading-pro/engine';
import type { DayStats, Instrument, InstrumentCatalog, MarketBar, MarketQuote, MarketSource, QuoteListener, Resolution } from '@trading-pro/engine';
import { pro } from 'ccxt';
import type { Exchange, Ticker } from 'ccxt';
import { rewriteOrigins } from '../ccxt/ccxt-client.ts';
import { CCXT_TIMEFRAMES, barOfOhlcv, dayStatsOfTicker, instrumentOfMarket, quoteOfTicker } from './ccxt-market-parse.ts';

const MINUTE = 60_000;
/** Most exchanges cap one OHLCV page at 1000 rows (Binance: 1000). */
const MAX_OHLCV_ROWS = 1000;

export interface CcxtMarketSourceOptions {
  readonly exchange: Exchange;
  /** ccxt unified symbols to list and quote, e.g. `BTC/USDT`. */
  readonly symbols: readonly string[];
  /** Polling period when not streaming (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Stream with `watchTicker` (default: when the exchange has it). */
  readonly useWebSocket?: boolean;
  /** Receives polling and streaming failures; the source keeps trying (default: `console.error`). */
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

/** A ccxt exchange for public data only: spot markets, no currencies endpoint, REST/WS origins optionally replaced. */
export function createPublicExchange(id: string, options: { baseUrl?: string; wsUrl?: string; timeoutMs?: number } = {}): Exchange {
  const constructors = pro as unknown as Record<string, (new (config: Record<string, unknown>) => Exchange) | undefined>;
  const Constructor = constructors[id];
  if (!Constructor) throw new TradingError(ErrorCode.VALIDATION_ERROR, `unknown ccxt exchange: ${id}`);
  // Binance streams the light `miniTicker` (no bid/ask) unless asked for the full ticker.
  const streaming = id === 'binance' ? { watchTicker: { name: 'ticker' }, watchTickers: { name: 'ticker' } } : {};
  const exchange = new Constructor({
    enableRateLimit: true,
    timeout: options.timeoutMs ?? 10_000,
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, ...streaming },
  });
  exchange.has.fetchCurrencies = false;
  if (options.baseUrl !== undefined || options.wsUrl !== undefined) {
    exchange.urls.api = rewriteOrigins(exchange.urls.api, options.baseUrl, options.wsUrl) as Exchange['urls']['api'];
  }
  return exchange;
}

function unavailable(exchange: Exchange, what: string, error: unknown): TradingError {
  if (error instanceof TradingError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `${exchange.id} ${what} failed: ${reason}`, { cause: error });
}

export class CcxtMarketSource implements MarketSource {
  readonly kind: string;
  readonly #exchange: Exchange;
  readonly #symbols: readonly string[];
  readonly #pollIntervalMs: number;
  readonly #useWebSocket: boolean;
  readonly #onError: (error: unknown) => void;
  readonly #now: () => number;
  readonly #listeners = new Set<QuoteListener>();
  /** Our symbol → ccxt symbol, and back. */
  readonly #ccxtSymbol = new Map<string, string>();
  readonly #ourSymbol = new Map<string, string>();
  readonly #tickers = new Map<string, Ticker>();
  readonly #quotes = new Map<string, MarketQuote>();
  #catalog: InstrumentCatalog = catalogOf([]);
  #timer: ReturnType<typeof setInterval> | undefined;
  #running = false;
  #polling = false;
  #marketsFailed = false;

  constructor(options: CcxtMarketSourceOptions) {
    this.#exchange = options.exchange;
    this.kind = `ccxt:${options.exchange.id}`;
    this.#symbols = options.symbols;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#useWebSocket = options.useWebSocket ?? this.#exchange.has.watchTicker === true;
    this.#onError = options.onError ?? ((error) => console.error(`${this.kind} market data`, error));
    this.#now = options.now ?? Date.now;
  }

  instruments(): InstrumentCatalog {
    return this.#catalog;
  }

  quote(symbol: string): MarketQuote | undefined {
    return this.#quotes.get(symbol);
  }

  dayStats(symbol: string): DayStats | undefined {
    const instrument = this.#catalog.get(symbol);
    const ticker = this.#tickers.get(symbol);
    return instrument && ticker ? dayStatsOfTicker(instrument, ticker) : undefined;
  }

  async history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): Promise<readonly MarketBar[]> {
    const instrument = this.#catalog.get(symbol);
    const ccxtSymbol = this.#ccxtSymbol.get(symbol);
    if (!instrument || !ccxtSymbol) return [];
    const size = resolutionMinutes(resolution) * MINUTE;
    const since = Math.max(0, Math.floor((countback === undefined ? fromMs : toMs - countback * size) / size) * size);
    const limit = Math.min(MAX_OHLCV_ROWS, Math.ceil((toMs - since) / size));
    let rows;
    try {
      rows = await this.#exchange.fetchOHLCV(ccxtSymbol, CCXT_TIMEFRAMES[resolution], since, limit);
    } catch (error) {
      throw unavailable(this.#exchange, 'fetchOHLCV', error);
    }
    const bars = rows.map((row) => barOfOhlcv(instrument, row)).filter((bar): bar is MarketBar => bar !== undefined && bar.time < toMs);
    return countback === undefined ? bars.filter((bar) => bar.time >= fromMs) : bars.slice(-countback);
  }

  subscribe(listener: QuoteListener): () => void {
    const wrapped: QuoteListener = (quote) => listener(quote);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  /** Loads the markets, takes a first snapshot of every ticker, then streams or polls. */
  async start(): Promise<void> {
    if (this.#running) return;
    await this.#loadInstruments();
    await this.#poll(true);
    this.#running = true;
    if (this.#useWebSocket) {
      // ccxt refuses plain ws:// origins (a local proxy or fake) until its http agent is loaded.
      if (JSON.stringify(this.#exchange.urls.api).includes('"ws://')) await this.#exchange.loadHttpProxyAgent();
      for (const ccxtSymbol of this.#ccxtSymbol.values()) void this.#watch(ccxtSymbol);
    } else {
      this.#timer = setInterval(() => void this.#poll(false), this.#pollIntervalMs);
      this.#timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#useWebSocket) await this.#exchange.close();
  }

  async #loadInstruments(): Promise<void> {
    let markets;
    try {
      // ccxt keeps a failed load's promise and hands it out again: a start after a failure asks for a reload.
      markets = await this.#exchange.loadMarkets(this.#marketsFailed);
      this.#marketsFailed = false;
    } catch (error) {
      this.#marketsFailed = true;
      throw unavailable(this.#exchange, 'loadMarkets', error);
    }
    const instruments: Instrument[] = [];
    for (const ccxtSymbol of this.#symbols) {
      const market = markets[ccxtSymbol];
      if (!market) throw new TradingError(ErrorCode.VALIDATION_ERROR, `${this.#exchange.id} has no market ${ccxtSymbol}`);
      const instrument = instrumentOfMarket(market, this.#exchange.id, this.#exchange.precisionMode ?? 0);
      instruments.push(instrument);
      this.#ccxtSymbol.set(instrument.symbol, ccxtSymbol);
      this.#ourSymbol.set(ccxtSymbol, instrument.symbol);
    }
    this.#catalog = catalogOf(instruments);
  }

  /** One round of ticker requests; `strict` (the first one) throws, later ones report and carry on. */
  async #poll(strict: boolean): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const symbols = [...this.#ccxtSymbol.values()];
      const tickers = this.#exchange.has.fetchTickers
        ? Object.values(await this.#exchange.fetchTickers(symbols))
        : await Promise.all(symbols.map((s) => this.#exchange.fetchTicker(s)));
      for (const ticker of tickers) this.#onTicker(ticker);
    } catch (error) {
      const failure = unavailable(this.#exchange, 'fetchTickers', error);
      if (strict) throw failure;
      // A poll still in flight when the source stopped may fail as the venue goes away: nobody listens any more.
      if (this.#running) this.#onError(failure);
    } finally {
      this.#polling = false;
    }
  }

  async #watch(ccxtSymbol: string): Promise<void> {
    while (this.#running) {
      try {
        this.#onTicker(await this.#exchange.watchTicker(ccxtSymbol));
      } catch (error) {
        if (!this.#running) return;
        this.#onError(unavailable(this.#exchange, 'watchTicker', error));
        await new Promise((resolve) => setTimeout(resolve, this.#pollIntervalMs).unref());
      }
    }
  }

  #onTicker(ticker: Ticker): void {
    const symbol = ticker.symbol === undefined ? undefined : this.#ourSymbol.get(ticker.symbol);
    const instrument = symbol === undefined ? undefined : this.#catalog.get(symbol);
    if (!symbol || !instrument) return;
    const quote = quoteOfTicker(instrument, ticker, this.#tickers.get(symbol), this.#now());
    this.#tickers.set(symbol, ticker);
    if (!quote) return;
    const previous = this.#quotes.get(symbol);
    this.#quotes.set(symbol, quote);
    if (previous && !changed(previous, quote)) return;
    notifyListeners(this.#listeners, quote, this.#onError);
  }
}

function changed(a: MarketQuote, b: MarketQuote): boolean {
  return a.bid !== b.bid || a.ask !== b.ask || a.last !== b.last || a.bidSize !== b.bidSize || a.askSize !== b.askSize || b.volume > 0n;
}
