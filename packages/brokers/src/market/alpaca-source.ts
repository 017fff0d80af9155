/**
 * Alpaca's market data API v2 as a `MarketSource`: US equities with the NYSE calendar, quotes polled from
 * `GET /v2/stocks/snapshots` (latest quote, latest trade, the day's bar and the previous one), bars from
 * `GET /v2/stocks/bars` (1Min, 5Min, 15Min, 1Hour, 1Day). Paper accounts can trade on these quotes.
 */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { catalogOf, notifyListeners } from '@trading-pro/engine';
import type { DayStats, InstrumentCatalog, MarketBar, MarketQuote, MarketSource, QuoteListener, Resolution } from '@trading-pro/engine';
import { ALPACA_TIMEFRAMES, alpacaInstrument, barOfAlpaca, dayStatsOfSnapshot, quoteOfSnapshot } from './alpaca-market-parse.ts';
import type { AlpacaBar, AlpacaSnapshot } from './alpaca-market-parse.ts';

const MAX_PAGES = 20;

export interface AlpacaMarketSourceOptions {
  readonly keyId: string;
  readonly secretKey: string;
  readonly symbols: readonly string[];
  /** Market data origin (default https://data.alpaca.markets). */
  readonly dataUrl?: string;
  /** `iex` (default, the free feed) or `sip`. */
  readonly feed?: 'iex' | 'sip';
  /** Snapshot polling period (default 1000 ms; the free plan allows 200 requests a minute). */
  readonly pollIntervalMs?: number;
  readonly timeoutMs?: number;
  /** Receives polling failures; the source keeps polling (default: `console.error`). */
  readonly onError?: (error: unknown) => void;
}

export class AlpacaMarketSource implements MarketSource {
  readonly kind = 'alpaca';
  readonly #options: AlpacaMarketSourceOptions;
  readonly #dataUrl: string;
  readonly #listeners = new Set<QuoteListener>();
  readonly #snapshots = new Map<string, AlpacaSnapshot>();
  readonly #quotes = new Map<string, MarketQuote>();
  readonly #catalog: InstrumentCatalog;
  readonly #onError: (error: unknown) => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling = false;

  constructor(options: AlpacaMarketSourceOptions) {
    this.#options = options;
    this.#dataUrl = (options.dataUrl ?? 'https://data.alpaca.markets').replace(/\/$/, '');
    this.#catalog = catalogOf(options.symbols.map((symbol) => alpacaInstrument(symbol.toUpperCase())));
    this.#onError = options.onError ?? ((error) => console.error('alpaca market data', error));
  }

  instruments(): InstrumentCatalog {
    return this.#catalog;
  }

  quote(symbol: string): MarketQuote | undefined {
    return this.#quotes.get(symbol);
  }

  dayStats(symbol: string): DayStats | undefined {
    const instrument = this.#catalog.get(symbol);
    const snapshot = this.#snapshots.get(symbol);
    return instrument && snapshot ? dayStatsOfSnapshot(instrument, snapshot) : undefined;
  }

  /** Pages through `/v2/stocks/bars` (newest first with countback, then put in order). */
  async history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): Promise<readonly MarketBar[]> {
    const instrument = this.#catalog.get(symbol);
    if (!instrument) return [];
    const bars: MarketBar[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({
        symbols: symbol,
        timeframe: ALPACA_TIMEFRAMES[resolution],
        start: new Date(countback === undefined ? fromMs : 0).toISOString(),
        end: new Date(toMs - 1).toISOString(),
        limit: String(Math.min(10_000, countback ?? 10_000)),
        feed: this.#options.feed ?? 'iex',
        sort: countback === undefined ? 'asc' : 'desc',
        ...(pageToken === undefined ? {} : { page_token: pageToken }),
      });
      const body = (await this.#get(`/v2/stocks/bars?${query}`)) as { bars?: Record<string, AlpacaBar[] | undefined>; next_page_token?: string | null };
      for (const bar of body.bars?.[symbol] ?? []) bars.push(barOfAlpaca(instrument, bar, resolution));
      pageToken = body.next_page_token ?? undefined;
      if (pageToken === undefined || (countback !== undefined && bars.length >= countback)) break;
    }
    bars.sort((a, b) => a.time - b.time);
    const inRange = bars.filter((bar) => bar.time < toMs && (countback !== undefined || bar.time >= fromMs));
    return countback === undefined ? inRange : inRange.slice(-countback);
  }

  subscribe(listener: QuoteListener): () => void {
    const wrapped: QuoteListener = (quote) => listener(quote);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  /** Takes a first snapshot of every symbol (failing loudly), then polls. */
  async start(): Promise<void> {
    if (this.#timer) return;
    await this.#poll(true);
    this.#timer = setInterval(() => void this.#poll(false), this.#options.pollIntervalMs ?? 1000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #poll(strict: boolean): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const symbols = this.#catalog.list().map((i) => i.symbol);
      const query = new URLSearchParams({ symbols: symbols.join(','), feed: this.#options.feed ?? 'iex' });
      const body = (await this.#get(`/v2/stocks/snapshots?${query}`)) as Record<string, AlpacaSnapshot | undefined>;
      for (const symbol of symbols) {
        const snapshot = body[symbol];
        const instrument = this.#catalog.get(symbol);
        if (!snapshot || !instrument) continue;
        const quote = quoteOfSnapshot(instrument, snapshot, this.#snapshots.get(symbol));
        this.#snapshots.set(symbol, snapshot);
        if (!quote) continue;
        const previous = this.#quotes.get(symbol);
        if (previous !== undefined && quote.time <= previous.time && quote.bid === previous.bid && quote.ask === previous.ask) continue;
        this.#quotes.set(symbol, quote);
        notifyListeners(this.#listeners, quote, this.#onError);
      }
    } catch (error) {
      if (strict) throw error;
      this.#onError(error);
    } finally {
      this.#polling = false;
    }
  }

  async #get(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.#dataUrl}${path}`, {
        headers: { 'APCA-API-KEY-ID': this.#options.keyId, 'APCA-API-SECRET-KEY': this.#options.secretKey, accept: 'application/json' },
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new TradingError(ErrorCode.BROKER_UNAVAILABLE, `alpaca market data unreachable: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) throw new TradingError(ErrorCode.UNAUTHORIZED, `alpaca market data refused the credentials (${response.status})`);
    if (!response.ok) throw new TradingError(ErrorCode.BROKER_UNAVAILABLE, `alpaca market data answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  }
}
