/** `DatafeedClient` over the REST API, through the client generated from specs/openapi.json. */
import type { DatafeedClient } from '../interfaces.ts';
import type { DatafeedConfig, History, HistoryRequest, QuoteData, SearchQuery, SearchResult, SymbolInfo } from '../types.ts';
import { mapDatafeedConfig, mapHistory, mapQuoteData, mapSearchResult, mapSymbolInfo } from './datafeed-mappers.ts';
import { createRestApi, type RestApi, type RestOptions, unwrap } from './rest-transport.ts';

type Resolution = '1' | '5' | '15' | '60' | '1D';

export class RestDatafeedClient implements DatafeedClient {
  readonly #api: RestApi;

  constructor(options: RestOptions) {
    this.#api = createRestApi(options);
  }

  async config(): Promise<DatafeedConfig> {
    return mapDatafeedConfig(await unwrap(this.#api.GET('/api/v1/datafeed/config')));
  }

  async resolveSymbol(symbol: string): Promise<SymbolInfo> {
    return mapSymbolInfo(await unwrap(this.#api.GET('/api/v1/datafeed/symbols', { params: { query: { symbol } } })));
  }

  async search(query: SearchQuery): Promise<SearchResult[]> {
    const params = { query: { query: query.query, type: query.type, exchange: query.exchange, limit: query.limit } };
    return (await unwrap(this.#api.GET('/api/v1/datafeed/search', { params }))).map(mapSearchResult);
  }

  async history(request: HistoryRequest): Promise<History> {
    const { symbol, from, to, countback } = request;
    // The server answers an unsupported resolution with a 400 VALIDATION_ERROR; the cast only narrows the string.
    const resolution = request.resolution as Resolution;
    return mapHistory(await unwrap(this.#api.GET('/api/v1/datafeed/history', { params: { query: { symbol, resolution, from, to, countback } } })));
  }

  async quotes(symbols: readonly string[]): Promise<QuoteData[]> {
    return (await unwrap(this.#api.GET('/api/v1/datafeed/quotes', { params: { query: { symbols: symbols.join(',') } } }))).map(mapQuoteData);
  }
}
