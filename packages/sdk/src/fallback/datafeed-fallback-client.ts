/** `DatafeedClient` over the offline market: the server's own datafeed service on the same simulated source. */
import type { DatafeedService } from '@trading-pro/engine';
import type { DatafeedClient } from '../interfaces.ts';
import type { DatafeedConfig, History, HistoryRequest, QuoteData, SearchQuery, SearchResult, SymbolInfo } from '../types.ts';
import { mapDatafeedConfig, mapHistory, mapQuoteData, mapSearchResult, mapSymbolInfo } from '../mappers/datafeed-mappers.ts';
import { sdkError } from './fallback-session.ts';

export class DatafeedFallbackClient implements DatafeedClient {
  readonly #service: DatafeedService;

  constructor(service: DatafeedService) {
    this.#service = service;
  }

  async config(): Promise<DatafeedConfig> {
    return mapDatafeedConfig(this.#service.config());
  }

  async resolveSymbol(symbol: string): Promise<SymbolInfo> {
    return mapSymbolInfo(this.#call(() => this.#service.symbolInfo(symbol)));
  }

  async search(query: SearchQuery): Promise<SearchResult[]> {
    return this.#call(() => this.#service.search(query.query, query.type, query.exchange, query.limit)).map(mapSearchResult);
  }

  async history(request: HistoryRequest): Promise<History> {
    try {
      return mapHistory(await this.#service.history(request.symbol, request.resolution, request.from, request.to, request.countback));
    } catch (error) {
      throw sdkError(error);
    }
  }

  async quotes(symbols: readonly string[]): Promise<QuoteData[]> {
    return this.#service.quotes(symbols).map(mapQuoteData);
  }

  #call<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      throw sdkError(error);
    }
  }
}
