/**
 * The datafeed's answers (Unix milliseconds, TradingView's JS datafeed shapes) in UDF's shapes and units (Unix
 * seconds, bars as columns): the one place the UDF routes convert anything.
 */
import { fromFixed, toFixed } from '@trading-pro/contracts';
import type { DatafeedConfig, History, QuoteData, SymbolInfo, TradingError } from '@trading-pro/contracts';
import { UDF_OMITTED_SYMBOL_FIELDS, type UdfConfig, type UdfError, type UdfHistory, type UdfQuotes, type UdfSymbolInfo } from './udf-schemas.ts';

const MS_PER_SECOND = 1000;

export function secondsToMs(seconds: number): number {
  return seconds * MS_PER_SECOND;
}

/** Whole seconds, rounded down (a bar or clock time in the second it falls in). */
export function msToSeconds(ms: number): number {
  return Math.floor(ms / MS_PER_SECOND);
}

/** Search and per-symbol resolve, never group requests: the UDF adapter then calls /symbols and /search. */
export function toUdfConfig(config: DatafeedConfig): UdfConfig {
  return { ...config, supports_search: true, supports_group_request: false };
}

export function toUdfSymbolInfo(info: SymbolInfo): UdfSymbolInfo {
  const fields: Partial<SymbolInfo> = { ...info };
  for (const key of UDF_OMITTED_SYMBOL_FIELDS) delete fields[key];
  return fields as UdfSymbolInfo;
}

export function toUdfHistory(history: History): UdfHistory {
  if (history.noData || history.bars.length === 0) return history.nextTime === undefined ? { s: 'no_data' } : { s: 'no_data', nextTime: msToSeconds(history.nextTime) };
  const { bars } = history;
  return {
    s: 'ok',
    t: bars.map((bar) => msToSeconds(bar.time)),
    o: bars.map((bar) => bar.open),
    h: bars.map((bar) => bar.high),
    l: bars.map((bar) => bar.low),
    c: bars.map((bar) => bar.close),
    v: bars.map((bar) => bar.volume),
  };
}

/**
 * One entry per requested symbol, named as requested (`n`), which is how the library matches quotes to its
 * subscriptions; `spread` is `ask - bid`, computed exactly.
 */
export function toUdfQuotes(requested: readonly string[], quotes: readonly QuoteData[]): UdfQuotes {
  return {
    s: 'ok',
    d: quotes.map((quote, i) => {
      const n = requested[i] ?? quote.n;
      const v = quote.v;
      if (quote.s !== 'ok' || !('lp' in v)) return { s: 'error', n, v: { errmsg: 'errmsg' in v && v.errmsg !== undefined ? v.errmsg : 'no quote' } };
      return {
        s: 'ok',
        n,
        v: {
          ch: v.ch,
          chp: v.chp,
          short_name: v.short_name ?? quote.n,
          exchange: v.exchange ?? '',
          description: v.description ?? '',
          lp: v.lp,
          ask: v.ask,
          bid: v.bid,
          spread: fromFixed(toFixed(v.ask) - toFixed(v.bid)),
          open_price: v.open_price,
          high_price: v.high_price,
          low_price: v.low_price,
          prev_close_price: v.prev_close_price,
          volume: v.volume,
        },
      };
    }),
  };
}

/** UDF's `{s: "error", errmsg}` (what the adapter reads) with the API's `{error: {code, message}}` beside it. */
export function toUdfError(failure: TradingError): Pick<UdfError, 's' | 'errmsg'> & ReturnType<TradingError['toBody']> {
  return { s: 'error', errmsg: failure.message, ...failure.toBody() };
}
