/**
 * The part of TradingView's Datafeed API this package implements (IBasicDataFeed = IExternalDatafeed +
 * IDatafeedChartApi, and IDatafeedQuotesApi for the Trading Platform), declared structurally from TradingView's public
 * documentation. Units are TradingView's: `PeriodParams.from`/`to` in Unix **seconds**, `Bar.time` and
 * `HistoryMetadata.nextTime` in Unix **milliseconds**, the server time in seconds.
 */

export type ResolutionString = string;

export interface Exchange {
  value: string;
  name: string;
  desc: string;
}

export interface DatafeedSymbolType {
  name: string;
  value: string;
}

export interface DatafeedConfiguration {
  supported_resolutions?: ResolutionString[];
  exchanges?: Exchange[];
  symbols_types?: DatafeedSymbolType[];
  currency_codes?: string[];
  supports_marks?: boolean;
  supports_timescale_marks?: boolean;
  supports_time?: boolean;
}

export interface LibrarySymbolInfo {
  name: string;
  ticker?: string;
  full_name?: string;
  description: string;
  type: string;
  session: string;
  timezone: string;
  exchange: string;
  listed_exchange: string;
  format: 'price' | 'volume';
  minmov: number;
  pricescale: number;
  has_intraday?: boolean;
  has_daily?: boolean;
  has_weekly_and_monthly?: boolean;
  supported_resolutions?: ResolutionString[];
  intraday_multipliers?: string[];
  volume_precision?: number;
  data_status?: string;
  currency_code?: string;
  session_holidays?: string;
  visible_plots_set?: string;
}

export interface SearchSymbolResultItem {
  symbol: string;
  full_name?: string;
  description: string;
  exchange: string;
  ticker?: string;
  type: string;
}

export interface PeriodParams {
  /** Unix seconds, the leftmost requested bar. */
  from: number;
  /** Unix seconds, the rightmost requested bar (not inclusive). */
  to: number;
  /** The number of bars wanted; takes priority over `from`. */
  countBack: number;
  firstDataRequest: boolean;
}

export interface Bar {
  /** Unix ms. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

export interface HistoryMetadata {
  noData?: boolean;
  /** Unix ms of the newest bar before the requested range, when that range was empty. */
  nextTime?: number | null;
}

export interface DatafeedQuoteValues {
  lp?: number;
  ask?: number;
  bid?: number;
  spread?: number;
  ch?: number;
  chp?: number;
  open_price?: number;
  high_price?: number;
  low_price?: number;
  prev_close_price?: number;
  volume?: number;
  short_name?: string;
  exchange?: string;
  description?: string;
  original_name?: string;
  [valueName: string]: string | number | undefined;
}

export type QuoteData = { s: 'ok'; n: string; v: DatafeedQuoteValues } | { s: 'error'; n: string; v: object };

export type OnReadyCallback = (configuration: DatafeedConfiguration) => void;
export type SearchSymbolsCallback = (items: SearchSymbolResultItem[]) => void;
export type ResolveCallback = (symbolInfo: LibrarySymbolInfo) => void;
export type HistoryCallback = (bars: Bar[], meta?: HistoryMetadata) => void;
export type SubscribeBarsCallback = (bar: Bar) => void;
export type DatafeedErrorCallback = (reason: string) => void;
export type QuotesCallback = (data: QuoteData[]) => void;
export type ServerTimeCallback = (serverTime: number) => void;

export interface IExternalDatafeed {
  onReady(callback: OnReadyCallback): void;
}

export interface IDatafeedChartApi {
  searchSymbols(userInput: string, exchange: string, symbolType: string, onResult: SearchSymbolsCallback): void;
  resolveSymbol(symbolName: string, onResolve: ResolveCallback, onError: DatafeedErrorCallback, extension?: unknown): void;
  getBars(symbolInfo: LibrarySymbolInfo, resolution: ResolutionString, periodParams: PeriodParams, onResult: HistoryCallback, onError: DatafeedErrorCallback): void;
  subscribeBars(symbolInfo: LibrarySymbolInfo, resolution: ResolutionString, onTick: SubscribeBarsCallback, listenerGuid: string, onResetCacheNeededCallback: () => void): void;
  unsubscribeBars(listenerGuid: string): void;
  getServerTime?(callback: ServerTimeCallback): void;
}

export type IBasicDataFeed = IExternalDatafeed & IDatafeedChartApi;

export interface IDatafeedQuotesApi {
  getQuotes(symbols: string[], onDataCallback: QuotesCallback, onErrorCallback: (reason: string) => void): void;
  subscribeQuotes(symbols: string[], fastSymbols: string[], onRealtimeCallback: QuotesCallback, listenerGUID: string): void;
  unsubscribeQuotes(listenerGUID: string): void;
}
