/** Market-data models in TradingView's datafeed shapes: configuration, symbols, search, history, quotes. */
import { Type } from 'typebox';

export const BarSchema = Type.Object(
  {
    time: Type.Integer({ description: 'Bar open time (Unix ms, UTC)' }),
    open: Type.Number(),
    high: Type.Number(),
    low: Type.Number(),
    close: Type.Number(),
    volume: Type.Number(),
  },
  { $id: 'Bar' },
);
export type Bar = Type.Static<typeof BarSchema>;

const marketStatus = Type.Union([Type.Literal('open'), Type.Literal('pre'), Type.Literal('post'), Type.Literal('closed')], {
  description: 'open: regular session; pre/post: extended hours (US equities); closed',
});
const marketTimes = {
  marketStatus: Type.Optional(marketStatus),
  nextOpen: Type.Optional(Type.Integer({ description: 'Next regular open (Unix ms, UTC); absent for markets that never close' })),
  nextClose: Type.Optional(Type.Integer({ description: 'Close of the current session, or of the next one when closed (Unix ms, UTC); absent for markets that never close' })),
};

export const QuoteValuesSchema = Type.Object(
  {
    lp: Type.Number({ description: 'Last price' }),
    bid: Type.Number(),
    ask: Type.Number(),
    bid_size: Type.Optional(Type.Number()),
    ask_size: Type.Optional(Type.Number()),
    ch: Type.Number({ description: 'Change from previous close' }),
    chp: Type.Number({ description: 'Change in percent' }),
    volume: Type.Number(),
    open_price: Type.Number(),
    high_price: Type.Number(),
    low_price: Type.Number(),
    prev_close_price: Type.Number(),
    short_name: Type.Optional(Type.String()),
    exchange: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    original_name: Type.Optional(Type.String()),
    time: Type.Optional(Type.Integer({ description: 'Quote time (Unix ms, UTC)' })),
    ...marketTimes,
  },
  { $id: 'QuoteValues' },
);
export type QuoteValues = Type.Static<typeof QuoteValuesSchema>;

export const QuoteDataSchema = Type.Object(
  {
    s: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
    n: Type.String({ description: 'Symbol' }),
    v: Type.Union([QuoteValuesSchema, Type.Object({ errmsg: Type.Optional(Type.String()) })]),
  },
  { $id: 'QuoteData' },
);
export type QuoteData = Type.Static<typeof QuoteDataSchema>;

export const SymbolInfoSchema = Type.Object(
  {
    name: Type.String(),
    ticker: Type.String(),
    full_name: Type.String(),
    description: Type.String(),
    type: Type.String({ description: 'stock | crypto | forex | index | fund' }),
    session: Type.String({ description: 'TradingView session string, e.g. 0930-1600 or 24x7' }),
    timezone: Type.String(),
    exchange: Type.String(),
    listed_exchange: Type.String(),
    format: Type.Literal('price'),
    minmov: Type.Integer(),
    pricescale: Type.Integer(),
    has_intraday: Type.Boolean(),
    has_daily: Type.Boolean(),
    has_weekly_and_monthly: Type.Boolean(),
    supported_resolutions: Type.Array(Type.String()),
    intraday_multipliers: Type.Array(Type.String()),
    volume_precision: Type.Integer(),
    data_status: Type.String(),
    currency_code: Type.String(),
    session_holidays: Type.Optional(Type.String()),
    tickSize: Type.Number(),
    qtyStep: Type.Number(),
    minQty: Type.Number(),
    ...marketTimes,
  },
  { $id: 'SymbolInfo', description: 'TradingView LibrarySymbolInfo plus tick, lot step and minimum quantity' },
);
export type SymbolInfo = Type.Static<typeof SymbolInfoSchema>;

export const SearchResultSchema = Type.Object(
  {
    symbol: Type.String(),
    full_name: Type.String(),
    description: Type.String(),
    exchange: Type.String(),
    ticker: Type.String(),
    type: Type.String(),
  },
  { $id: 'SearchResult' },
);
export type SearchResult = Type.Static<typeof SearchResultSchema>;

export const HistorySchema = Type.Object(
  {
    bars: Type.Array(BarSchema),
    noData: Type.Boolean(),
    nextTime: Type.Optional(Type.Integer({ description: 'Time of the next older bar when this range is empty' })),
  },
  { $id: 'History' },
);
export type History = Type.Static<typeof HistorySchema>;

export const DatafeedConfigSchema = Type.Object(
  {
    supported_resolutions: Type.Array(Type.String()),
    exchanges: Type.Array(Type.Object({ value: Type.String(), name: Type.String(), desc: Type.String() })),
    symbols_types: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
    supports_marks: Type.Boolean(),
    supports_timescale_marks: Type.Boolean(),
    supports_time: Type.Boolean(),
    currency_codes: Type.Array(Type.String()),
  },
  { $id: 'DatafeedConfig' },
);
export type DatafeedConfig = Type.Static<typeof DatafeedConfigSchema>;
