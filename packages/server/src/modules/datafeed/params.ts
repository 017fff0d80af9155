/** Query-string schemas and readers shared by the `/datafeed` and `/udf` routes, which take the same parameters. */
import { SAFE_TEXT_PATTERN } from '@trading-pro/contracts';
import { type DatafeedService, RESOLUTIONS } from '@trading-pro/engine';
import type { SearchResult } from '@trading-pro/contracts';

export const query = (properties: Record<string, object>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });
export const text = (description: string) => ({ type: 'string', minLength: 1, maxLength: 256, pattern: SAFE_TEXT_PATTERN, description });

export const RESOLUTION_PARAM = { type: 'string', enum: [...RESOLUTIONS] };

export interface SearchQuery {
  readonly query?: string;
  readonly type?: string;
  readonly exchange?: string;
  readonly limit?: number;
}

export const SEARCH_PARAMS = {
  query: { type: 'string', maxLength: 256 },
  type: { type: 'string', maxLength: 32 },
  exchange: { type: 'string', maxLength: 64 },
  limit: { type: 'integer', minimum: 1, maximum: 1000 },
};

/** An empty `type` or `exchange` (what a search box sends for "all") means any. */
export function searchSymbols(datafeed: DatafeedService, params: SearchQuery): SearchResult[] {
  return datafeed.search(params.query ?? '', params.type || undefined, params.exchange || undefined, params.limit);
}

export const SYMBOLS_PARAMS = { symbols: { type: 'string', minLength: 1, maxLength: 4096, description: 'Comma-separated symbols' } };

export function symbolList(symbols: string): string[] {
  return symbols
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
