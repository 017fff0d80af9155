/** Maps engine instruments to TradingView's symbol shapes: `LibrarySymbolInfo` and search results. */
import { fromFixed } from '@trading-pro/contracts';
import type { Fixed, SearchResult, SymbolInfo } from '@trading-pro/contracts';
import { decimalsOf, type Instrument } from '../market/instrument.ts';
import { NYSE_CALENDAR_YEARS, nyseClosures } from '../market/exchange-calendar.ts';
import { marketStateAt, type MarketState } from '../market/market-status.ts';
import type { Resolution } from '../market/resolution.ts';

/** TradingView prices move by `minmov / pricescale`: a tick of 0.25 is minmov 25, pricescale 100. */
export function priceScaleOf(tickSize: Fixed): { pricescale: number; minmov: number } {
  const decimals = decimalsOf(tickSize);
  const pricescale = 10 ** decimals;
  return { pricescale, minmov: Number((tickSize * BigInt(pricescale)) / 100_000_000n) };
}

export function fullNameOf(instrument: Instrument): string {
  return `${instrument.exchange}:${instrument.symbol}`;
}

/** The market status fields of symbol info and quotes, at `now`. */
export function marketFields(instrument: Instrument, now: number): Pick<SymbolInfo, 'marketStatus' | 'nextOpen' | 'nextClose'> {
  const state: MarketState = marketStateAt(instrument.session, now);
  return { marketStatus: state.status, ...(state.nextOpen === undefined ? {} : { nextOpen: state.nextOpen }), ...(state.nextClose === undefined ? {} : { nextClose: state.nextClose }) };
}

let nyseHolidays: string | undefined;

/** TradingView's `session_holidays` (YYYYMMDD list) for instruments on an exchange calendar. */
function sessionHolidays(instrument: Instrument): string | undefined {
  if (instrument.session.calendar !== 'NYSE') return undefined;
  if (nyseHolidays === undefined) {
    const dates: string[] = [];
    for (let year = NYSE_CALENDAR_YEARS.first; year <= NYSE_CALENDAR_YEARS.last; year++) dates.push(...nyseClosures(year).holidays);
    nyseHolidays = dates.map((date) => date.replaceAll('-', '')).join(',');
  }
  return nyseHolidays;
}

export function toSymbolInfo(instrument: Instrument, resolutions: readonly Resolution[], now = Date.now()): SymbolInfo {
  const intraday = resolutions.filter((r) => r !== '1D');
  const holidays = sessionHolidays(instrument);
  return {
    name: instrument.symbol,
    ticker: instrument.symbol,
    full_name: fullNameOf(instrument),
    description: instrument.description,
    type: instrument.type,
    session: instrument.session.spec,
    timezone: instrument.session.timezone,
    exchange: instrument.exchange,
    listed_exchange: instrument.exchange,
    format: 'price',
    ...priceScaleOf(instrument.tickSize),
    has_intraday: intraday.length > 0,
    has_daily: resolutions.includes('1D'),
    has_weekly_and_monthly: false,
    supported_resolutions: [...resolutions],
    intraday_multipliers: intraday,
    volume_precision: decimalsOf(instrument.lotStep),
    data_status: 'streaming',
    currency_code: instrument.currency,
    tickSize: fromFixed(instrument.tickSize),
    qtyStep: fromFixed(instrument.lotStep),
    minQty: fromFixed(instrument.minQty),
    ...(holidays === undefined ? {} : { session_holidays: holidays }),
    ...marketFields(instrument, now),
  };
}

export function toSearchResult(instrument: Instrument): SearchResult {
  return {
    symbol: instrument.symbol,
    full_name: fullNameOf(instrument),
    description: instrument.description,
    exchange: instrument.exchange,
    ticker: instrument.symbol,
    type: instrument.type,
  };
}

export interface SearchFilter {
  readonly query: string;
  readonly type?: string | undefined;
  readonly exchange?: string | undefined;
  readonly limit?: number | undefined;
}

/** How well a symbol matches: exact ticker, ticker prefix, ticker substring, description; undefined = no match. */
function rankOf(instrument: Instrument, query: string): number | undefined {
  if (query === '') return 0;
  const symbol = instrument.symbol.toUpperCase();
  if (symbol === query) return 0;
  if (symbol.startsWith(query)) return 1;
  if (symbol.includes(query)) return 2;
  if (instrument.description.toUpperCase().includes(query)) return 3;
  return undefined;
}

/** Case-insensitive search, best matches first, then alphabetical. An `EXCHANGE:` prefix in the query is ignored. */
export function searchInstruments(instruments: readonly Instrument[], filter: SearchFilter): SearchResult[] {
  const query = filter.query.trim().toUpperCase().replace(/^[^:]*:/, '');
  const type = filter.type?.trim().toLowerCase();
  const exchange = filter.exchange?.trim().toUpperCase();
  const ranked: { instrument: Instrument; rank: number }[] = [];
  for (const instrument of instruments) {
    if (type && instrument.type !== type) continue;
    if (exchange && instrument.exchange.toUpperCase() !== exchange) continue;
    const rank = rankOf(instrument, query);
    if (rank !== undefined) ranked.push({ instrument, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.instrument.symbol.localeCompare(b.instrument.symbol));
  return ranked.slice(0, filter.limit ?? 30).map((r) => toSearchResult(r.instrument));
}
