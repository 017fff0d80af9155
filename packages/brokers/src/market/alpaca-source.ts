/**
 * Alpaca's market data API v2 as a `MarketSource`: US equities with the NYSE calendar; quotes from the real-time
 * stream (`stream: true`: quotes and trades over WebSocket) or polled from `GET /v2/stocks/snapshots` (latest
 * quote, latest trade, the day's bar and the previous one), which also gives the day's figures; bars from
 * `GET /v2/stocks/bars` (1Min, 5Min, 15Min, 1Hour, 1Day). Paper accounts can trade on these quotes.
 */
import { ErrorCode, TradingError, parseFixed, roundToStep } from '@trading-pro/contracts';
import { catalogOf, notifyListeners } from '@trading-pro/engine';
import type { DayStats, InstrumentCatalog, MarketBar, MarketQuote, MarketSource, QuoteListener, Resolution } from '@trading-pro/engine';
import { AlpacaDataStream } from './alpaca-data-stream.ts';
import type { AlpacaDataMessage } from './alpaca-data-stream.ts';
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
  /** Stream quotes and trades over WebSocket; snapshots are then read once a minute for the day's figures. */
  readonly stream?: boolean;
  /** Stream origin (default wss://stream.data.alpaca.markets); the path `/v2/{feed}` is added. */
  readonly streamUrl?: string;
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
  #stream: AlpacaDataStream | undefined;

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
    const streaming = this.#options.stream === true;
    this.#timer = setInterval(() => void this.#poll(false), streaming ? 60_000 : (this.#options.pollIntervalMs ?? 1000));
    this.#timer.unref();
    if (!streaming) return;
    const origin = (this.#options.streamUrl ?? 'wss://stream.data.alpaca.markets').replace(/\/$/, '');
    this.#stream = new AlpacaDataStream({
      url: `${origin}/v2/${this.#options.feed ?? 'iex'}`,
      keyId: this.#options.keyId,
      secretKey: this.#options.secretKey,
      symbols: this.#catalog.list().map((i) => i.symbol),
      onMessage: (message) => this.#onStream(message),
      onError: this.#onError,
    });
    await this.#stream.start();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stream?.stop();
    this.#stream = undefined;
  }

  /** A streamed quote moves bid and ask; a trade moves the last price and counts its size as traded volume. */
  #onStream(message: AlpacaDataMessage): void {
    const previous = this.#quotes.get(message.S);
    const instrument = this.#catalog.get(message.S);
    if (!instrument) return;
    const price = (value: number): bigint => roundToStep(parseFixed(String(value)), instrument.tickSize, 'half-even');
    const time = Date.parse(message.t);
    let quote: MarketQuote | undefined;
    if (message.T === 'q') {
      if (!(message.bp > 0) || !(message.ap > 0)) return;
      const bid = price(message.bp);
      const ask = price(message.ap) > bid ? price(message.ap) : bid + instrument.tickSize;
      quote = { symbol: message.S, time, bid, ask, last: previous?.last ?? bid, bidSize: parseFixed(String(message.bs)), askSize: parseFixed(String(message.as)), volume: 0n };
    } else if (previous !== undefined) {
      quote = { ...previous, time: Math.max(time, previous.time), last: price(message.p), volume: parseFixed(String(message.s)) };
    }
    if (quote === undefined) return;
    this.#quotes.set(message.S, quote);
    notifyListeners(this.#listeners, quote, this.#onError);
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
        // Never older than what the stream already gave, nor the same quote again.
        if (previous !== undefined && (quote.time < previous.time || (quote.time === previous.time && quote.bid === previous.bid && quote.ask === previous.ask))) continue;
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
