/** Datafeed mappers: generated backend market-data types → the SDK's TradingView-shaped types. */
import type { components } from '../generated/openapi.ts';
import { defined } from '../defined.ts';
import type { Bar, DatafeedConfig, History, QuoteData, QuoteValues, SearchResult, SymbolInfo } from '../types.ts';

type Schemas = components['schemas'];
type Bar_Api_Backend = Schemas['Bar'];
type QuoteData_Api_Backend = Schemas['QuoteData'];
type QuoteValues_Api_Backend = Schemas['QuoteValues'];
type SymbolInfo_Api_Backend = Schemas['SymbolInfo'];
type SearchResult_Api_Backend = Schemas['SearchResult'];
type History_Api_Backend = Schemas['History'];
type DatafeedConfig_Api_Backend = Schemas['DatafeedConfig'];


export function mapBar(bar: Bar_Api_Backend): Bar {
  return { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

function mapQuoteValues(v: QuoteValues_Api_Backend): QuoteValues {
  return defined<QuoteValues>({
    lp: v.lp,
    bid: v.bid,
    ask: v.ask,
    bid_size: v.bid_size,
    ask_size: v.ask_size,
    ch: v.ch,
    chp: v.chp,
    volume: v.volume,
    open_price: v.open_price,
    high_price: v.high_price,
    low_price: v.low_price,
    prev_close_price: v.prev_close_price,
    short_name: v.short_name,
    exchange: v.exchange,
    description: v.description,
    original_name: v.original_name,
    time: v.time,
  });
}

export function mapQuoteData(quote: QuoteData_Api_Backend): QuoteData {
  const values = quote.v;
  if (quote.s === 'ok' && 'lp' in values) return { s: 'ok', n: quote.n, v: mapQuoteValues(values) };
  const errmsg = 'errmsg' in values ? values.errmsg : undefined;
  return { s: 'error', n: quote.n, v: errmsg === undefined ? {} : { errmsg } };
}

export function mapSymbolInfo(info: SymbolInfo_Api_Backend): SymbolInfo {
  return defined<SymbolInfo>({
    name: info.name,
    ticker: info.ticker,
    full_name: info.full_name,
    description: info.description,
    type: info.type,
    session: info.session,
    timezone: info.timezone,
    exchange: info.exchange,
    listed_exchange: info.listed_exchange,
    format: info.format,
    minmov: info.minmov,
    pricescale: info.pricescale,
    has_intraday: info.has_intraday,
    has_daily: info.has_daily,
    has_weekly_and_monthly: info.has_weekly_and_monthly,
    supported_resolutions: [...info.supported_resolutions],
    intraday_multipliers: [...info.intraday_multipliers],
    volume_precision: info.volume_precision,
    data_status: info.data_status,
    currency_code: info.currency_code,
    session_holidays: info.session_holidays,
    tickSize: info.tickSize,
    qtyStep: info.qtyStep,
    minQty: info.minQty,
  });
}

export function mapSearchResult(result: SearchResult_Api_Backend): SearchResult {
  return { symbol: result.symbol, full_name: result.full_name, description: result.description, exchange: result.exchange, ticker: result.ticker, type: result.type };
}

export function mapHistory(history: History_Api_Backend): History {
  return defined<History>({ bars: history.bars.map(mapBar), noData: history.noData, nextTime: history.nextTime });
}

export function mapDatafeedConfig(config: DatafeedConfig_Api_Backend): DatafeedConfig {
  return {
    supported_resolutions: [...config.supported_resolutions],
    exchanges: config.exchanges.map((e) => ({ value: e.value, name: e.name, desc: e.desc })),
    symbols_types: config.symbols_types.map((t) => ({ name: t.name, value: t.value })),
    supports_marks: config.supports_marks,
    supports_timescale_marks: config.supports_timescale_marks,
    supports_time: config.supports_time,
    currency_codes: [...config.currency_codes],
  };
}
