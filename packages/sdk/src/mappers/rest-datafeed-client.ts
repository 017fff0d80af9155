/**
 * `DatafeedClient` over the REST API. The datafeed routes are not in specs/openapi.json yet (only their schemas
 * are), so the calls go through plain fetch and the answers are read as the generated component types.
 */
import type { components } from '../generated/openapi.ts';
import { NETWORK_ERROR, TradingProError } from '../errors.ts';
import type { DatafeedClient } from '../interfaces.ts';
import type { DatafeedConfig, History, HistoryRequest, QuoteData, SearchQuery, SearchResult, SymbolInfo } from '../types.ts';
import { mapDatafeedConfig, mapHistory, mapQuoteData, mapSearchResult, mapSymbolInfo } from './datafeed-mappers.ts';
import { serverOrigin, type RestOptions } from './rest-transport.ts';

type Schemas = components['schemas'];
type DatafeedConfig_Api_Backend = Schemas['DatafeedConfig'];
type SymbolInfo_Api_Backend = Schemas['SymbolInfo'];
type SearchResult_Api_Backend = Schemas['SearchResult'];
type History_Api_Backend = Schemas['History'];
type QuoteData_Api_Backend = Schemas['QuoteData'];

type Query = Record<string, string | number | undefined>;

export class RestDatafeedClient implements DatafeedClient {
  readonly #options: RestOptions;
  readonly #origin: string;

  constructor(options: RestOptions) {
    this.#options = options;
    this.#origin = serverOrigin(options.baseUrl);
  }

  async config(): Promise<DatafeedConfig> {
    return mapDatafeedConfig(await this.#get<DatafeedConfig_Api_Backend>('/config', {}));
  }

  async resolveSymbol(symbol: string): Promise<SymbolInfo> {
    return mapSymbolInfo(await this.#get<SymbolInfo_Api_Backend>('/symbols', { symbol }));
  }

  async search(query: SearchQuery): Promise<SearchResult[]> {
    const results = await this.#get<SearchResult_Api_Backend[]>('/search', { query: query.query, type: query.type, exchange: query.exchange, limit: query.limit });
    return results.map(mapSearchResult);
  }

  async history(request: HistoryRequest): Promise<History> {
    const { symbol, resolution, from, to, countback } = request;
    return mapHistory(await this.#get<History_Api_Backend>('/history', { symbol, resolution, from, to, countback }));
  }

  async quotes(symbols: readonly string[]): Promise<QuoteData[]> {
    return (await this.#get<QuoteData_Api_Backend[]>('/quotes', { symbols: symbols.join(',') })).map(mapQuoteData);
  }

  async #get<T>(path: string, query: Query): Promise<T> {
    const url = new URL(`${this.#origin}/api/v1/datafeed${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#options.token !== undefined) headers.authorization = `Bearer ${this.#options.token}`;
    let response: Response;
    try {
      response = await (this.#options.fetch ?? globalThis.fetch)(url, { headers });
    } catch (cause) {
      throw new TradingProError({ code: NETWORK_ERROR, message: `cannot reach the server: ${cause instanceof Error ? cause.message : String(cause)}`, cause });
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: { code?: string; message?: string } }).error : undefined;
      throw new TradingProError({ code: error?.code ?? 'INTERNAL_ERROR', status: response.status, message: error?.message ?? `HTTP ${response.status}` });
    }
    // The JSON edge: the body is the documented component type (checked by the server's response schema).
    return body as T;
  }
}
