/**
 * TradingView's UDF protocol under `/udf`: what its `UDFCompatibleDatafeed` adapter requests, answered by the same
 * datafeed service as `/datafeed` (registered inside it, so with the same auth, rate limit and CORS). Times are Unix
 * seconds; every error, a refused credential included, is `{s: "error", errmsg}` plus the API's error object.
 */
import type { FastifyInstance } from 'fastify';
import { SearchResultSchema } from '@trading-pro/contracts';
import type { DatafeedService } from '@trading-pro/engine';
import type { AppContext } from '../../context.ts';
import { routeNotFound, sendError } from '../../http/errors.ts';
import { arrayOf, ref } from '../../http/schema-ref.ts';
import { query, RESOLUTION_PARAM, SEARCH_PARAMS, searchSymbols, type SearchQuery, SYMBOLS_PARAMS, symbolList, text } from './params.ts';
import { msToSeconds, secondsToMs, toUdfConfig, toUdfError, toUdfHistory, toUdfQuotes, toUdfSymbolInfo } from './udf.ts';
import { UdfConfigSchema, UdfErrorSchema, UdfHistorySchema, UdfQuotesSchema, UdfSymbolInfoSchema } from './udf-schemas.ts';

const tags = ['udf'];
const errors = { 400: ref(UdfErrorSchema), 401: ref(UdfErrorSchema), 403: ref(UdfErrorSchema), 404: ref(UdfErrorSchema), 429: ref(UdfErrorSchema) };
/** The largest Unix second whose millisecond time is still a safe integer. */
const MAX_SECONDS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
const seconds = (description: string) => ({ type: 'integer', minimum: 0, maximum: MAX_SECONDS, description });
/** The adapter adds these when the symbol info has them; every instrument is quoted in one currency, so they change nothing. */
const CONVERSION_PARAMS = {
  currencyCode: { type: 'string', maxLength: 32, description: 'Sent by the UDF adapter; accepted and ignored' },
  unitId: { type: 'string', maxLength: 64, description: 'Sent by the UDF adapter; accepted and ignored' },
};

export async function udfRoutes(app: FastifyInstance, options: { context: AppContext; datafeed: DatafeedService }): Promise<void> {
  const { context, datafeed } = options;
  app.setErrorHandler((error, request, reply) => sendError(reply, request, error, toUdfError));
  app.setNotFoundHandler((request, reply) => sendError(reply, request, routeNotFound(request), toUdfError));

  app.get('/config', { schema: { tags, operationId: 'getUdfConfig', summary: 'UDF configuration (search and per-symbol resolve, no group requests)', response: { 200: ref(UdfConfigSchema), ...errors } } }, async () =>
    toUdfConfig(datafeed.config()),
  );

  app.get<{ Querystring: { symbol: string } }>(
    '/symbols',
    {
      schema: {
        tags,
        operationId: 'resolveUdfSymbol',
        summary: 'UDF symbol resolve (TradingView LibrarySymbolInfo); an unknown symbol is 404 {s: "error"}',
        querystring: query({ symbol: text('SYMBOL or EXCHANGE:SYMBOL'), ...CONVERSION_PARAMS }, ['symbol']),
        response: { 200: ref(UdfSymbolInfoSchema), ...errors },
      },
    },
    async (request) => toUdfSymbolInfo(datafeed.symbolInfo(request.query.symbol)),
  );

  app.get<{ Querystring: SearchQuery }>(
    '/search',
    {
      schema: {
        tags,
        operationId: 'searchUdfSymbols',
        summary: 'UDF symbol search by ticker or description',
        querystring: query(SEARCH_PARAMS),
        response: { 200: arrayOf(SearchResultSchema), ...errors },
      },
    },
    async (request) => searchSymbols(datafeed, request.query),
  );

  app.get<{ Querystring: { symbol: string; resolution: string; from: number; to: number; countback?: number } }>(
    '/history',
    {
      schema: {
        tags,
        operationId: 'getUdfHistory',
        summary: 'UDF bars in [from, to) (Unix seconds) as columns, or the countback newest before to; no_data with nextTime when none',
        querystring: query(
          {
            symbol: text('Symbol'),
            resolution: RESOLUTION_PARAM,
            from: seconds('Unix seconds, inclusive; with countback only checked to be before to'),
            to: seconds('Unix seconds, exclusive'),
            countback: { type: 'integer', minimum: 1, maximum: 100_000, description: 'The newest bars before to, however far back' },
            ...CONVERSION_PARAMS,
          },
          ['symbol', 'resolution', 'from', 'to'],
        ),
        response: { 200: ref(UdfHistorySchema), ...errors },
      },
    },
    async (request) => {
      const { symbol, resolution, from, to, countback } = request.query;
      return toUdfHistory(await datafeed.history(symbol, resolution, secondsToMs(from), secondsToMs(to), countback));
    },
  );

  app.get(
    '/time',
    {
      schema: {
        tags,
        operationId: 'getUdfTime',
        summary: 'Server time: a plain integer of Unix seconds (text/plain), as UDF wants',
        response: { 200: { description: 'Unix seconds', content: { 'text/plain': { schema: { type: 'integer' } } } }, ...errors },
      },
    },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(String(msToSeconds(context.now()))),
  );

  app.get<{ Querystring: { symbols: string } }>(
    '/quotes',
    {
      schema: {
        tags,
        operationId: 'getUdfQuotes',
        summary: 'UDF quotes of several symbols; an unknown symbol is an entry with s: "error"',
        querystring: query(SYMBOLS_PARAMS, ['symbols']),
        response: { 200: ref(UdfQuotesSchema), ...errors },
      },
    },
    async (request) => {
      const symbols = symbolList(request.query.symbols);
      return toUdfQuotes(symbols, datafeed.quotes(symbols));
    },
  );
}
