/** `DatafeedClient` over the offline market: configuration, symbols, search, deterministic history, quotes. */
import { ErrorCode, fixedToString, fromFixed, type Fixed } from '@trading-pro/contracts';
import { TradingProError } from '../errors.ts';
import type { DatafeedClient } from '../interfaces.ts';
import type { Bar, DatafeedConfig, History, HistoryRequest, QuoteData, SearchQuery, SearchResult, SymbolInfo } from '../types.ts';
import { SIM_INSTRUMENTS, hashSeed, seededRandom, step, type SimInstrument, type SimMarket } from './sim-market.ts';
import { invalid } from './sim-orders.ts';

const RESOLUTIONS: Readonly<Record<string, number>> = { '1': 60_000, '5': 300_000, '15': 900_000, '60': 3_600_000, '1D': 86_400_000 };

export class DatafeedFallbackClient implements DatafeedClient {
  readonly #market: SimMarket;

  constructor(market: SimMarket) {
    this.#market = market;
  }

  async config(): Promise<DatafeedConfig> {
    const exchanges = [...new Set(SIM_INSTRUMENTS.map((i) => i.exchange))].sort();
    const types = [...new Set(SIM_INSTRUMENTS.map((i) => i.type))].sort();
    return {
      supported_resolutions: Object.keys(RESOLUTIONS),
      exchanges: [{ value: '', name: 'All Exchanges', desc: '' }, ...exchanges.map((e) => ({ value: e, name: e, desc: e }))],
      symbols_types: [{ name: 'All types', value: '' }, ...types.map((t) => ({ name: t, value: t }))],
      supports_marks: false,
      supports_timescale_marks: false,
      supports_time: true,
      currency_codes: ['USD'],
    };
  }

  async resolveSymbol(symbol: string): Promise<SymbolInfo> {
    const i = this.#instrument(symbol);
    const decimals = fixedToString(i.tickSize).split('.')[1]?.length ?? 0;
    return {
      name: i.symbol,
      ticker: i.symbol,
      full_name: `${i.exchange}:${i.symbol}`,
      description: i.description,
      type: i.type,
      session: i.type === 'stock' ? '0930-1600' : '24x7',
      timezone: i.type === 'stock' ? 'America/New_York' : 'Etc/UTC',
      exchange: i.exchange,
      listed_exchange: i.exchange,
      format: 'price',
      minmov: 1,
      pricescale: 10 ** decimals,
      has_intraday: true,
      has_daily: true,
      has_weekly_and_monthly: false,
      supported_resolutions: Object.keys(RESOLUTIONS),
      intraday_multipliers: ['1', '5', '15', '60'],
      volume_precision: 0,
      data_status: 'streaming',
      currency_code: 'USD',
      tickSize: fromFixed(i.tickSize),
      qtyStep: fromFixed(i.lotStep),
      minQty: fromFixed(i.minQty),
    };
  }

  async search(query: SearchQuery): Promise<SearchResult[]> {
    const text = query.query.trim().toUpperCase();
    return SIM_INSTRUMENTS.filter((i) => (text === '' || i.symbol.includes(text) || i.description.toUpperCase().includes(text)) && (!query.type || i.type === query.type) && (!query.exchange || i.exchange === query.exchange))
      .slice(0, query.limit ?? 50)
      .map((i) => ({ symbol: i.symbol, full_name: `${i.exchange}:${i.symbol}`, description: i.description, exchange: i.exchange, ticker: i.symbol, type: i.type }));
  }

  /** Bars walked backwards from the current price, seeded by symbol and resolution, so a chart is full and stable. */
  async history(request: HistoryRequest): Promise<History> {
    const i = this.#instrument(request.symbol);
    const size = RESOLUTIONS[request.resolution];
    if (size === undefined) throw invalid('resolution', `resolution must be one of ${Object.keys(RESOLUTIONS).join(', ')}`);
    if (!(request.from < request.to)) throw invalid('from', 'from must be before to');
    const last = Math.floor(request.to / size) * size;
    const first = Math.ceil(request.from / size) * size;
    const count = Math.min(5000, request.countback ?? Math.floor((last - first) / size) + 1);
    if (count <= 0) return { bars: [], noData: true };
    const random = seededRandom(hashSeed(i.symbol, request.resolution, last));
    let close: Fixed = this.#market.quote(i.symbol)?.last ?? i.basePrice;
    const bars: Bar[] = [];
    for (let n = 0; n < count; n++) {
      const open = step(close, i.tickSize, random, 20);
      const high = (open > close ? open : close) + i.tickSize * BigInt(Math.floor(random() * 5));
      const low = (open < close ? open : close) - i.tickSize * BigInt(Math.floor(random() * 5));
      bars.push({ time: last - n * size, open: fromFixed(open), high: fromFixed(high), low: fromFixed(low > 0n ? low : i.tickSize), close: fromFixed(close), volume: Math.round(random() * 1000) });
      close = open;
    }
    return { bars: bars.reverse(), noData: false };
  }

  async quotes(symbols: readonly string[]): Promise<QuoteData[]> {
    return symbols.map((symbol) => this.#market.quoteData(symbol));
  }

  #instrument(symbol: string): SimInstrument {
    const instrument = this.#market.instrument(symbol);
    if (!instrument) throw new TradingProError({ code: ErrorCode.NOT_FOUND, message: `unknown symbol: ${symbol}`, details: [{ path: 'symbol', message: 'unknown symbol' }] });
    return instrument;
  }
}
