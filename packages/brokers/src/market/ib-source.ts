/**
 * Interactive Brokers market data as a `MarketSource`, through TWS / IB Gateway: streaming top of book from
 * `reqMktData` (bid, ask, last, sizes, the day's open/high/low/volume and the previous close) and bars from
 * `reqHistoricalData` (TRADES for stocks and futures, MIDPOINT for FX, regular hours only). Symbols map to contracts
 * with the IB adapter's conventions (`AAPL` stock, `EURUSD` IDEALPRO pair, `ESZ6` future) or explicit entries.
 */
import { EventName, IBApi, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import { ErrorCode, TradingError, parseFixed, roundToStep } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import { FX_SESSION, US_EQUITY_SESSION, catalogOf, notifyListeners, resolutionMinutes } from '@trading-pro/engine';
import type { DayStats, Instrument, InstrumentCatalog, MarketBar, MarketQuote, MarketSource, QuoteListener, Resolution } from '@trading-pro/engine';
import { toIbContract } from '../ib/ib-contracts.ts';
import type { IbContractSpec } from '../ib/ib-contracts.ts';

/** IB's tick type ids (TWS API documentation, "Available Tick Types"). */
const TickType = { BID_SIZE: 0, BID: 1, ASK: 2, ASK_SIZE: 3, LAST: 4, HIGH: 6, LOW: 7, VOLUME: 8, CLOSE: 9, OPEN: 14 } as const;

const BAR_SIZES: Readonly<Record<Resolution, string>> = { '1': '1 min', '5': '5 mins', '15': '15 mins', '60': '1 hour', '1D': '1 day' };
const MINUTE = 60_000;
const DAY = 86_400_000;

export interface IbMarketSourceOptions {
  readonly host?: string;
  readonly port?: number;
  /** A client id of its own (TWS refuses a second connection with the trading adapter's id). */
  readonly clientId?: number;
  readonly symbols: readonly string[];
  readonly contracts?: Readonly<Record<string, IbContractSpec>>;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

interface Book {
  readonly instrument: Instrument;
  readonly contract: Contract;
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  volume?: number;
  open?: number;
  high?: number;
  low?: number;
  close?: number;
}

function instrumentOf(symbol: string, contract: Contract): Instrument {
  const fx = contract.secType === SecType.CASH;
  const future = contract.secType === SecType.FUT;
  return {
    symbol,
    description: symbol,
    type: fx ? 'forex' : future ? 'futures' : 'stock',
    exchange: 'IB',
    currency: contract.currency ?? 'USD',
    tickSize: parseFixed(fx ? '0.00005' : future ? '0.25' : '0.01'),
    lotStep: parseFixed('1'),
    minQty: parseFixed('1'),
    // Futures trade nearly around the clock on weekdays, like FX; stocks on the NYSE calendar.
    session: fx || future ? FX_SESSION : US_EQUITY_SESSION,
    maxLeverage: fx ? 50 : future ? 20 : 4,
    defaultLeverage: 1,
  };
}

/** IB's `endDateTime`: `yyyyMMdd-HH:mm:ss` in UTC. */
function ibUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

/** The shortest IB duration covering `spanMs` (seconds up to a day, then days, then years). */
function durationOf(spanMs: number): string {
  if (spanMs <= DAY) return `${Math.max(60, Math.ceil(spanMs / 1000))} S`;
  const days = Math.ceil(spanMs / DAY);
  return days <= 365 ? `${days} D` : `${Math.ceil(days / 365)} Y`;
}

/** A bar's time: epoch seconds for intraday bars (formatDate 2), `yyyyMMdd` for daily ones (stamped 00:00 UTC). */
function barTime(date: string): number {
  if (/^\d{8}$/.test(date)) return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
  return Number(date) * 1000;
}

export class IbMarketSource implements MarketSource {
  readonly kind = 'ib';
  readonly #options: IbMarketSourceOptions;
  readonly #api: IBApi;
  readonly #books = new Map<string, Book>();
  readonly #byTicker = new Map<number, Book>();
  readonly #quotes = new Map<string, MarketQuote>();
  readonly #listeners = new Set<QuoteListener>();
  readonly #catalog: InstrumentCatalog;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  #nextRequest = 1;
  #connected = false;

  constructor(options: IbMarketSourceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? ((error) => console.error('ib market data', error));
    this.#api = new IBApi({ host: options.host ?? '127.0.0.1', port: options.port ?? 7497, clientId: options.clientId ?? 90 });
    const contractOptions = { contracts: options.contracts ?? {}, futuresExchanges: {}, now: this.#now };
    const instruments: Instrument[] = [];
    for (const raw of options.symbols) {
      const symbol = raw.toUpperCase();
      const contract = toIbContract(symbol, contractOptions);
      const instrument = instrumentOf(symbol, contract);
      instruments.push(instrument);
      this.#books.set(symbol, { instrument, contract });
    }
    this.#catalog = catalogOf(instruments);
    this.#api.on(EventName.tickPrice, (tickerId: number, field: number, price: number) => this.#onPrice(tickerId, field, price));
    this.#api.on(EventName.tickSize, (tickerId: number, field: number | undefined, size: unknown) => this.#onSize(tickerId, field, size));
  }

  instruments(): InstrumentCatalog {
    return this.#catalog;
  }

  quote(symbol: string): MarketQuote | undefined {
    return this.#quotes.get(symbol);
  }

  dayStats(symbol: string): DayStats | undefined {
    const book = this.#books.get(symbol);
    if (!book || book.open === undefined || book.high === undefined || book.low === undefined) return undefined;
    const price = (value: number): Fixed => roundToStep(parseFixed(String(value)), book.instrument.tickSize);
    return { open: price(book.open), high: price(book.high), low: price(book.low), volume: parseFixed(String(book.volume ?? 0)), prevClose: book.close === undefined ? undefined : price(book.close) };
  }

  async history(symbol: string, resolution: Resolution, fromMs: number, toMs: number, countback?: number): Promise<readonly MarketBar[]> {
    const book = this.#books.get(symbol);
    if (!book) return [];
    const end = Math.min(toMs, this.#now());
    const start = countback === undefined ? fromMs : end - countback * resolutionMinutes(resolution) * MINUTE * (resolution === '1D' ? 1.5 : 3);
    const reqId = this.#nextRequest++;
    const rows: MarketBar[] = [];
    const price = (value: number): Fixed => roundToStep(parseFixed(String(value)), book.instrument.tickSize);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `ib historical data for ${symbol} timed out`)), this.#options.requestTimeoutMs ?? 10_000);
      const onBar = (id: number, date: string, open: number, high: number, low: number, close: number, volume: number): void => {
        if (id !== reqId) return;
        if (date.startsWith('finished')) return finish();
        rows.push({ time: barTime(date), open: price(open), high: price(high), low: price(low), close: price(close), volume: parseFixed(String(Math.max(0, volume))) });
      };
      const onError = (error: Error, _code: number, id: number): void => {
        if (id === reqId) finish(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `ib historical data for ${symbol}: ${error.message}`));
      };
      const finish = (error?: TradingError): void => {
        clearTimeout(timer);
        this.#api.off(EventName.historicalData, onBar);
        this.#api.off(EventName.error, onError);
        if (error) reject(error);
        else resolve();
      };
      this.#api.on(EventName.historicalData, onBar);
      this.#api.on(EventName.error, onError);
      const show = book.contract.secType === SecType.CASH ? 'MIDPOINT' : 'TRADES';
      this.#api.reqHistoricalData(reqId, book.contract, ibUtc(end), durationOf(end - start), BAR_SIZES[resolution] as never, show as never, 1, 2, false);
    });
    rows.sort((a, b) => a.time - b.time);
    const bars = rows.filter((bar) => bar.time < toMs && (countback !== undefined || bar.time >= fromMs));
    return countback === undefined ? bars : bars.slice(-countback);
  }

  subscribe(listener: QuoteListener): () => void {
    const wrapped: QuoteListener = (quote) => listener(quote);
    this.#listeners.add(wrapped);
    return () => this.#listeners.delete(wrapped);
  }

  /** Connects and asks for the top of book of every symbol. */
  async start(): Promise<void> {
    if (this.#connected) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'ib market data: TWS did not answer the connection')), this.#options.connectTimeoutMs ?? 10_000);
      const onNext = (): void => done();
      const onError = (error: Error, code: number): void => {
        if (code === 502 || code === 326 || code === -1) done(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `ib market data: ${error.message}`));
      };
      const done = (error?: TradingError): void => {
        clearTimeout(timer);
        this.#api.off(EventName.nextValidId, onNext);
        this.#api.off(EventName.error, onError);
        if (error) {
          this.#api.disconnect();
          reject(error);
        } else resolve();
      };
      this.#api.on(EventName.nextValidId, onNext);
      this.#api.on(EventName.error, onError);
      this.#api.connect(this.#options.clientId ?? 90);
    });
    this.#connected = true;
    this.#api.on(EventName.error, (error: Error, code: number, reqId: number) => {
      if (this.#byTicker.has(reqId)) this.#onError(new TradingError(ErrorCode.BROKER_UNAVAILABLE, `ib market data ${code}: ${error.message}`));
    });
    for (const book of this.#books.values()) {
      const tickerId = this.#nextRequest++;
      this.#byTicker.set(tickerId, book);
      this.#api.reqMktData(tickerId, book.contract, '', false, false);
    }
  }

  stop(): void {
    if (!this.#connected) return;
    for (const tickerId of this.#byTicker.keys()) this.#api.cancelMktData(tickerId);
    this.#byTicker.clear();
    this.#api.disconnect();
    this.#connected = false;
  }

  #onPrice(tickerId: number, field: number, price: number): void {
    const book = this.#byTicker.get(tickerId);
    if (!book || !(price > 0)) return;
    if (field === TickType.BID) book.bid = price;
    else if (field === TickType.ASK) book.ask = price;
    else if (field === TickType.LAST) book.last = price;
    else if (field === TickType.OPEN) book.open = price;
    else if (field === TickType.HIGH) book.high = price;
    else if (field === TickType.LOW) book.low = price;
    else if (field === TickType.CLOSE) book.close = price;
    else return;
    if (field === TickType.BID || field === TickType.ASK || field === TickType.LAST) this.#publish(book, 0);
  }

  #onSize(tickerId: number, field: number | undefined, raw: unknown): void {
    const book = this.#byTicker.get(tickerId);
    // Sizes arrive as decimals (numbers or decimal objects, by version).
    const size = Number(raw);
    if (!book || raw === undefined || !Number.isFinite(size)) return;
    if (field === TickType.BID_SIZE) book.bidSize = size;
    else if (field === TickType.ASK_SIZE) book.askSize = size;
    else if (field === TickType.VOLUME) {
      const traded = book.volume === undefined ? 0 : Math.max(0, size - book.volume);
      book.volume = size;
      if (traded > 0) this.#publish(book, traded);
    }
  }

  #publish(book: Book, traded: number): void {
    if (book.bid === undefined || book.ask === undefined) return;
    const tick = book.instrument.tickSize;
    const price = (value: number): Fixed => roundToStep(parseFixed(String(value)), tick);
    const bid = price(book.bid);
    const ask = price(book.ask) > bid ? price(book.ask) : bid + tick;
    const quote: MarketQuote = {
      symbol: book.instrument.symbol,
      time: this.#now(),
      bid,
      ask,
      last: book.last === undefined ? bid : price(book.last),
      bidSize: parseFixed(String(book.bidSize ?? 1)),
      askSize: parseFixed(String(book.askSize ?? 1)),
      volume: parseFixed(String(traded)),
    };
    this.#quotes.set(quote.symbol, quote);
    notifyListeners(this.#listeners, quote, this.#onError);
  }
}
