/**
 * The shapes of TradingView's UDF protocol (the HTTP datafeed its `UDFCompatibleDatafeed` adapter reads), as TypeBox
 * schemas with `$id`s so the OpenAPI document names them. Times are Unix seconds, as UDF wants.
 */
import { Type } from 'typebox';
import { DatafeedConfigSchema, ErrorResponseSchema, SymbolInfoSchema } from '@trading-pro/contracts';

export const UdfConfigSchema = Type.Object(
  {
    ...DatafeedConfigSchema.properties,
    supports_search: Type.Boolean({ description: 'true: the adapter calls /symbols and /search' }),
    supports_group_request: Type.Boolean({ description: 'false: no /symbol_info group requests' }),
  },
  { $id: 'UdfConfig', description: 'UDF /config: TradingView DatafeedConfiguration plus supports_search and supports_group_request' },
);
export type UdfConfig = Type.Static<typeof UdfConfigSchema>;

/** Our symbol info less what UDF has no field for: the tick/lot extras and the market-status times (milliseconds). */
export const UDF_OMITTED_SYMBOL_FIELDS = ['tickSize', 'qtyStep', 'minQty', 'marketStatus', 'nextOpen', 'nextClose'] as const;

export const UdfSymbolInfoSchema = Type.Omit(SymbolInfoSchema, UDF_OMITTED_SYMBOL_FIELDS, {
  $id: 'UdfSymbolInfo',
  description: 'UDF /symbols: TradingView LibrarySymbolInfo',
});
export type UdfSymbolInfo = Type.Static<typeof UdfSymbolInfoSchema>;

const column = (description: string) => Type.Array(Type.Number(), { description });

export const UdfHistorySchema = Type.Union(
  [
    Type.Object({
      s: Type.Literal('ok'),
      t: Type.Array(Type.Integer(), { description: 'Bar open times (Unix seconds, UTC), oldest first' }),
      o: column('Opening prices'),
      h: column('High prices'),
      l: column('Low prices'),
      c: column('Closing prices'),
      v: column('Volumes'),
    }),
    Type.Object({
      s: Type.Literal('no_data'),
      nextTime: Type.Optional(Type.Integer({ description: 'Open time of the closest older bar (Unix seconds, UTC); absent when there is none' })),
    }),
  ],
  { $id: 'UdfHistory', description: 'UDF /history: bars as columns, or no_data' },
);
export type UdfHistory = Type.Static<typeof UdfHistorySchema>;

export const UdfQuoteValuesSchema = Type.Object(
  {
    ch: Type.Number({ description: 'Change from the previous close' }),
    chp: Type.Number({ description: 'Change in percent' }),
    short_name: Type.String(),
    exchange: Type.String(),
    description: Type.String(),
    lp: Type.Number({ description: 'Last price' }),
    ask: Type.Number(),
    bid: Type.Number(),
    spread: Type.Number({ description: 'ask - bid' }),
    open_price: Type.Number(),
    high_price: Type.Number(),
    low_price: Type.Number(),
    prev_close_price: Type.Number(),
    volume: Type.Number(),
  },
  { $id: 'UdfQuoteValues' },
);
export type UdfQuoteValues = Type.Static<typeof UdfQuoteValuesSchema>;

export const UdfQuotesSchema = Type.Object(
  {
    s: Type.Literal('ok'),
    d: Type.Array(
      Type.Object({
        s: Type.Union([Type.Literal('ok'), Type.Literal('error')], { description: 'error: unknown symbol, or no quote yet' }),
        n: Type.String({ description: 'The symbol as requested' }),
        v: Type.Union([UdfQuoteValuesSchema, Type.Object({ errmsg: Type.String() })]),
      }),
    ),
  },
  { $id: 'UdfQuotes', description: 'UDF /quotes: one entry per requested symbol, in order' },
);
export type UdfQuotes = Type.Static<typeof UdfQuotesSchema>;

export const UdfErrorSchema = Type.Object(
  {
    s: Type.Literal('error'),
    errmsg: Type.String({ description: 'What was wrong (what the UDF adapter reports)' }),
    ...ErrorResponseSchema.properties,
  },
  { $id: 'UdfError', description: "Every error of the UDF routes: UDF's {s: \"error\", errmsg} and the API's {error: {code, message}} in one body" },
);
export type UdfError = Type.Static<typeof UdfErrorSchema>;

export const UDF_SCHEMAS = [UdfConfigSchema, UdfSymbolInfoSchema, UdfHistorySchema, UdfQuoteValuesSchema, UdfQuotesSchema, UdfErrorSchema] as const;
