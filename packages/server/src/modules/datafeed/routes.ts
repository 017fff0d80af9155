/** The datafeed module: TradingView-shaped market data routes of CONTRACT.md over the configured market source, and their UDF twins. */
import type { FastifyInstance } from 'fastify';
import { DatafeedConfigSchema, ErrorResponseSchema, HistorySchema, QuoteDataSchema, SearchResultSchema, SymbolInfoSchema } from '@trading-pro/contracts';
import type { AppContext } from '../../context.ts';
import { arrayOf, ref } from '../../http/schema-ref.ts';
import type { DatafeedService } from '@trading-pro/engine';
import { query, RESOLUTION_PARAM, SEARCH_PARAMS, searchSymbols, type SearchQuery, SYMBOLS_PARAMS, symbolList, text } from './params.ts';
import { udfRoutes } from './udf-routes.ts';

const tags = ['datafeed'];
const errors = { 400: ref(ErrorResponseSchema), 401: ref(ErrorResponseSchema), 403: ref(ErrorResponseSchema), 404: ref(ErrorResponseSchema), 429: ref(ErrorResponseSchema) };

export async function datafeedRoutes(app: FastifyInstance, options: { context: AppContext; datafeed: DatafeedService }): Promise<void> {
  const { context, datafeed } = options;
  // Market data follows the server's auth mode: with tokens, any valid token may read it.
  app.addHook('onRequest', async (request) => {
    context.auth.authenticate(request);
  });

  app.get('/datafeed/config', { schema: { tags, operationId: 'getDatafeedConfig', summary: 'Datafeed configuration (TradingView DatafeedConfiguration)', response: { 200: ref(DatafeedConfigSchema), ...errors } } }, async () =>
    datafeed.config(),
  );

  app.get<{ Querystring: { symbol: string } }>(
    '/datafeed/symbols',
    {
      schema: {
        tags,
        operationId: 'resolveSymbol',
        summary: 'Symbol info (TradingView LibrarySymbolInfo plus tick, lot step and minimum quantity)',
        querystring: query({ symbol: text('SYMBOL or EXCHANGE:SYMBOL') }, ['symbol']),
        response: { 200: ref(SymbolInfoSchema), ...errors },
      },
    },
    async (request) => datafeed.symbolInfo(request.query.symbol),
  );

  app.get<{ Querystring: SearchQuery }>(
    '/datafeed/search',
    {
      schema: {
        tags,
        operationId: 'searchSymbols',
        summary: 'Search symbols by ticker or description',
        querystring: query(SEARCH_PARAMS),
        response: { 200: arrayOf(SearchResultSchema), ...errors },
      },
    },
    async (request) => searchSymbols(datafeed, request.query),
  );

  app.get<{ Querystring: { symbol: string; resolution: string; from: number; to: number; countback?: number } }>(
    '/datafeed/history',
    {
      schema: {
        tags,
        operationId: 'getHistory',
        summary: 'Bars in [from, to) (Unix ms), or the countback newest before to',
        querystring: query(
          {
            symbol: text('Symbol'),
            resolution: RESOLUTION_PARAM,
            from: { type: 'integer', minimum: 0, description: 'Unix ms, inclusive' },
            to: { type: 'integer', minimum: 0, description: 'Unix ms, exclusive' },
            countback: { type: 'integer', minimum: 1, maximum: 100_000 },
          },
          ['symbol', 'resolution', 'from', 'to'],
        ),
        response: { 200: ref(HistorySchema), ...errors },
      },
    },
    async (request) => {
      const { symbol, resolution, from, to, countback } = request.query;
      return datafeed.history(symbol, resolution, from, to, countback);
    },
  );

  app.get<{ Querystring: { symbols: string } }>(
    '/datafeed/quotes',
    {
      schema: {
        tags,
        operationId: 'getQuotes',
        summary: 'Quotes of several symbols (TradingView QuoteData); unknown symbols come back with s: "error"',
        querystring: query(SYMBOLS_PARAMS, ['symbols']),
        response: { 200: arrayOf(QuoteDataSchema), ...errors },
      },
    },
    async (request) => datafeed.quotes(symbolList(request.query.symbols)),
  );

  // TradingView's UDF protocol over the same service, under the same auth and limits.
  await app.register(udfRoutes, { prefix: '/udf', context, datafeed });
}
