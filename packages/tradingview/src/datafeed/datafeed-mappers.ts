/** Pure conversions between the SDK's market data and TradingView's Datafeed API shapes (units in each name). */
import { fromFixed, toFixed } from '@trading-pro/contracts';
import type { Bar as SdkBar, DatafeedConfig, History, QuoteData as SdkQuoteData, SearchResult, SymbolInfo } from '@trading-pro/sdk';
import type { Bar, DatafeedConfiguration, HistoryMetadata, LibrarySymbolInfo, QuoteData, SearchSymbolResultItem } from '../tradingview/datafeed-api.ts';

/** TradingView's request bounds are Unix seconds; the API's are Unix milliseconds. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** Unix ms → whole Unix seconds (TradingView's server time has no milliseconds). */
export function msToSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function toDatafeedConfiguration(config: DatafeedConfig): DatafeedConfiguration {
  return {
    supported_resolutions: [...config.supported_resolutions],
    exchanges: config.exchanges.map((exchange) => ({ ...exchange })),
    symbols_types: config.symbols_types.map((type) => ({ ...type })),
    currency_codes: [...config.currency_codes],
    supports_marks: config.supports_marks,
    supports_timescale_marks: config.supports_timescale_marks,
    supports_time: config.supports_time,
  };
}

export function toSearchItem(result: SearchResult): SearchSymbolResultItem {
  return { symbol: result.symbol, full_name: result.full_name, description: result.description, exchange: result.exchange, ticker: result.ticker, type: result.type };
}

/** TradingView's LibrarySymbolInfo: the API already speaks it; only the API's own additions are left out. */
export function toLibrarySymbolInfo(info: SymbolInfo): LibrarySymbolInfo {
  const { tickSize: _tick, qtyStep: _step, minQty: _min, marketStatus: _status, nextOpen: _open, nextClose: _close, ...library } = info;
  return { ...library, supported_resolutions: [...info.supported_resolutions], intraday_multipliers: [...info.intraday_multipliers] };
}

/** The symbol the API knows a TradingView symbol by: its ticker (unique), else its name. */
export function apiSymbolOf(symbolInfo: LibrarySymbolInfo): string {
  return symbolInfo.ticker ?? symbolInfo.name;
}

/** Bar times are Unix ms on both sides: a copy, oldest first as TradingView requires. */
export function toBar(bar: SdkBar): Bar {
  return { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

/** `noData` is TradingView's "nothing more to ask for"; `nextTime` (ms) points at older data when the range was empty. */
export function toHistoryMetadata(history: Pick<History, 'nextTime'> & { readonly bars: readonly unknown[] }): HistoryMetadata {
  if (history.bars.length > 0) return { noData: false };
  return history.nextTime === undefined ? { noData: true } : { noData: true, nextTime: history.nextTime };
}

/**
 * TradingView's QuoteData for the name the library asked for (`n` must echo it, e.g. `NASDAQ:AAPL`), with the
 * spread computed exactly.
 */
export function toQuoteData(quote: SdkQuoteData, requestedName: string): QuoteData {
  if (quote.s !== 'ok') return { s: 'error', n: requestedName, v: { ...quote.v } };
  const v = quote.v;
  const values: QuoteData & { s: 'ok' } = {
    s: 'ok',
    n: requestedName,
    v: {
      lp: v.lp,
      ask: v.ask,
      bid: v.bid,
      spread: fromFixed(toFixed(v.ask) - toFixed(v.bid)),
      ch: v.ch,
      chp: v.chp,
      open_price: v.open_price,
      high_price: v.high_price,
      low_price: v.low_price,
      prev_close_price: v.prev_close_price,
      volume: v.volume,
    },
  };
  for (const key of ['short_name', 'exchange', 'description', 'original_name'] as const) {
    const text = v[key];
    if (text !== undefined) values.v[key] = text;
  }
  return values;
}
