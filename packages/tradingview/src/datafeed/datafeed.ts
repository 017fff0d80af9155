/**
 * TradingView's Datafeed API (IBasicDataFeed + IDatafeedQuotesApi) on the SDK: REST `/datafeed/*` for configuration,
 * symbols, history and quotes, the WebSocket `bars` and `quotes` routes for real time. Pass it as the widget's
 * `datafeed`.
 */
import type { DatafeedConfig, TradingClient, Unsubscribe } from '@trading-pro/sdk';
import { clientOf, isNotFound, originOf, readableMessage, type ConnectionOptions } from '../connection.ts';
import type {
  Bar,
  DatafeedErrorCallback,
  HistoryCallback,
  HistoryMetadata,
  IBasicDataFeed,
  IDatafeedQuotesApi,
  LibrarySymbolInfo,
  OnReadyCallback,
  PeriodParams,
  QuotesCallback,
  ResolutionString,
  ResolveCallback,
  SearchSymbolsCallback,
  ServerTimeCallback,
  SubscribeBarsCallback,
} from '../tradingview/datafeed-api.ts';
import { apiSymbolOf, msToSeconds, secondsToMs, toBar, toDatafeedConfiguration, toHistoryMetadata, toLibrarySymbolInfo, toQuoteData, toSearchItem } from './datafeed-mappers.ts';

export interface DatafeedOptions extends ConnectionOptions {
  /** Most results a symbol search returns (default 30). */
  readonly searchLimit?: number;
}

/** What the library is shown when the server cannot be reached at start: the API's own resolutions. */
const OFFLINE_CONFIGURATION: DatafeedConfig = {
  supported_resolutions: ['1', '5', '15', '60', '1D'],
  exchanges: [],
  symbols_types: [],
  supports_marks: false,
  supports_timescale_marks: false,
  supports_time: true,
  currency_codes: [],
};

export class TradingProDatafeed implements IBasicDataFeed, IDatafeedQuotesApi {
  readonly client: TradingClient;
  readonly #options: DatafeedOptions;
  readonly #shared: boolean;
  readonly #bars = new Map<string, Unsubscribe>();
  readonly #quotes = new Map<string, Unsubscribe[]>();
  #config: Promise<DatafeedConfig> | undefined;

  constructor(options: DatafeedOptions = {}) {
    const { client, shared } = clientOf(options);
    this.client = client;
    this.#shared = shared;
    this.#options = options;
  }

  /** TradingView requires the callback to run asynchronously, never inside `onReady` itself. */
  onReady(callback: OnReadyCallback): void {
    const config = (this.#config ??= this.client.datafeed.config());
    const answer = (received: DatafeedConfig) => setTimeout(() => callback(toDatafeedConfiguration(received)), 0);
    config.then(answer, () => {
      // Unreachable for now: the chart still starts (its requests will say why), and the next onReady asks again.
      this.#config = undefined;
      answer(OFFLINE_CONFIGURATION);
    });
  }

  searchSymbols(userInput: string, exchange: string, symbolType: string, onResult: SearchSymbolsCallback): void {
    const query = {
      query: userInput,
      limit: this.#options.searchLimit ?? 30,
      ...(exchange === '' ? {} : { exchange }),
      ...(symbolType === '' ? {} : { type: symbolType }),
    };
    this.client.datafeed.search(query).then(
      (results) => onResult(results.map(toSearchItem)),
      () => onResult([]),
    );
  }

  /** An unknown symbol answers `unknown_symbol`, which the library shows as its "invalid symbol" state. */
  resolveSymbol(symbolName: string, onResolve: ResolveCallback, onError: DatafeedErrorCallback): void {
    this.client.datafeed.resolveSymbol(symbolName).then(
      (info) => onResolve(toLibrarySymbolInfo(info)),
      (error: unknown) => onError(isNotFound(error) ? 'unknown_symbol' : readableMessage(error)),
    );
  }

  getBars(symbolInfo: LibrarySymbolInfo, resolution: ResolutionString, periodParams: PeriodParams, onResult: HistoryCallback, onError: DatafeedErrorCallback): void {
    this.#history(apiSymbolOf(symbolInfo), resolution, periodParams).then(
      ({ bars, meta }) => onResult(bars, meta),
      (error: unknown) => onError(readableMessage(error)),
    );
  }

  /**
   * `countBack` bars ending before `to`, as TradingView asks (the API's `countback` takes the newest ones before `to`,
   * reaching before `from` when the range holds fewer), plus any older bars of `[from, to)` when the range holds more.
   */
  async #history(symbol: string, resolution: string, period: PeriodParams): Promise<{ bars: Bar[]; meta: HistoryMetadata }> {
    const from = Math.max(0, secondsToMs(period.from));
    const to = secondsToMs(period.to);
    const countback = period.countBack > 0 ? period.countBack : undefined;
    const newest = await this.client.datafeed.history({ symbol, resolution, from, to, ...(countback === undefined ? {} : { countback }) });
    let bars = newest.bars.map(toBar);
    const oldest = bars[0]?.time;
    if (countback !== undefined && bars.length === countback && oldest !== undefined && oldest > from) {
      const rest = await this.client.datafeed.history({ symbol, resolution, from, to: oldest });
      bars = [...rest.bars.map(toBar), ...bars];
    }
    return { bars, meta: toHistoryMetadata({ ...newest, bars }) };
  }

  /** The forming bar over the WebSocket; a bar older than the last one delivered is dropped (the library rejects it). */
  subscribeBars(symbolInfo: LibrarySymbolInfo, resolution: ResolutionString, onTick: SubscribeBarsCallback, listenerGuid: string, _onResetCacheNeeded?: () => void): void {
    this.unsubscribeBars(listenerGuid);
    let last = Number.NEGATIVE_INFINITY;
    const stop = this.client.stream.bars(apiSymbolOf(symbolInfo), resolution, (bar) => {
      if (bar.time < last) return;
      last = bar.time;
      onTick(toBar(bar));
    });
    this.#bars.set(listenerGuid, stop);
  }

  unsubscribeBars(listenerGuid: string): void {
    this.#bars.get(listenerGuid)?.();
    this.#bars.delete(listenerGuid);
  }

  getQuotes(symbols: string[], onDataCallback: QuotesCallback, onErrorCallback: (reason: string) => void): void {
    this.client.datafeed.quotes(symbols).then(
      (quotes) => onDataCallback(quotes.map((quote, index) => toQuoteData(quote, symbols[index] ?? quote.n))),
      (error: unknown) => onErrorCallback(readableMessage(error)),
    );
  }

  /** One WebSocket subscription per symbol (slow and fast alike: the server pushes every quote). */
  subscribeQuotes(symbols: string[], fastSymbols: string[], onRealtimeCallback: QuotesCallback, listenerGUID: string): void {
    this.unsubscribeQuotes(listenerGUID);
    const names = [...new Set([...symbols, ...fastSymbols])];
    this.#quotes.set(
      listenerGUID,
      names.map((name) => this.client.stream.quotes(name, (quote) => onRealtimeCallback([toQuoteData(quote, name)]))),
    );
  }

  unsubscribeQuotes(listenerGUID: string): void {
    for (const stop of this.#quotes.get(listenerGUID) ?? []) stop();
    this.#quotes.delete(listenerGUID);
  }

  /**
   * The server's clock in whole seconds, from the UDF `time` route; a server without it still dates every answer
   * (HTTP `Date`, readable on the same origin). No answer at all leaves the callback uncalled, as the library allows.
   */
  getServerTime(callback: ServerTimeCallback): void {
    void this.#serverTime().then((seconds) => {
      if (seconds !== undefined) callback(seconds);
    });
  }

  async #serverTime(): Promise<number | undefined> {
    const fetcher = this.#options.fetch ?? globalThis.fetch;
    const headers: Record<string, string> = this.#options.token === undefined ? {} : { authorization: `Bearer ${this.#options.token}` };
    try {
      const response = await fetcher(`${originOf(this.#options)}/api/v1/udf/time`, { headers });
      const text = (await response.text()).trim();
      if (response.ok && /^\d+$/.test(text)) return Number(text);
      const date = Date.parse(response.headers.get('date') ?? '');
      return Number.isNaN(date) ? undefined : msToSeconds(date);
    } catch {
      return undefined;
    }
  }

  /** Ends every bars and quotes subscription, and closes the client unless it was passed in. */
  close(): void {
    for (const guid of [...this.#bars.keys()]) this.unsubscribeBars(guid);
    for (const guid of [...this.#quotes.keys()]) this.unsubscribeQuotes(guid);
    if (!this.#shared) this.client.close();
  }
}

/** The widget's `datafeed`: `new TradingView.widget({datafeed: createDatafeed({baseUrl}), ...})`. */
export function createDatafeed(options: DatafeedOptions = {}): TradingProDatafeed {
  return new TradingProDatafeed(options);
}
