/**
 * The datafeed driven like TradingView's chart drives it, against the real server on loopback: onReady, symbol search
 * and resolution, history pages (`countBack`, `firstDataRequest`, ranges in seconds) then real-time bars, quotes, and
 * the server time. Every unit conversion is checked against the REST API's own answers (Unix ms).
 */
import { fromFixed, toFixed } from '@trading-pro/contracts';
import { TradingProClient } from '@trading-pro/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startLiveServer, type LiveServer } from '../../sdk/test/server.ts';
import { createDatafeed, type Bar, type DatafeedConfiguration, type HistoryMetadata, type LibrarySymbolInfo, type PeriodParams, type QuoteData, type SearchSymbolResultItem, type TradingProDatafeed } from '../src/index.ts';

const MINUTE_MS = 60_000;

/** getBars as a promise: what the library's history callback or error callback received. */
function bars(datafeed: TradingProDatafeed, symbolInfo: LibrarySymbolInfo, resolution: string, period: PeriodParams): Promise<{ bars: Bar[]; meta: HistoryMetadata | undefined }> {
  return new Promise((resolve, reject) => datafeed.getBars(symbolInfo, resolution, period, (got, meta) => resolve({ bars: got, meta }), (reason) => reject(new Error(reason))));
}

function resolved(datafeed: TradingProDatafeed, name: string): Promise<LibrarySymbolInfo> {
  return new Promise((resolve, reject) => datafeed.resolveSymbol(name, resolve, (reason) => reject(new Error(reason))));
}

function ascending(list: readonly Bar[]): boolean {
  return list.every((bar, index) => index === 0 || (list[index - 1]?.time ?? 0) < bar.time);
}

describe('datafeed driven like the chart, on a real server', () => {
  let server: LiveServer;
  let client: TradingProClient;
  let datafeed: TradingProDatafeed;
  let btc: LibrarySymbolInfo;

  beforeAll(async () => {
    server = await startLiveServer({ market: { source: 'simulated', seed: 3, intervalMs: 20 } });
    client = new TradingProClient({ baseUrl: server.url });
    datafeed = createDatafeed({ baseUrl: server.url });
    btc = await resolved(datafeed, 'BTCUSD');
  });

  afterAll(async () => {
    datafeed?.close();
    client?.close();
    await server?.close();
  });

  it('calls onReady back asynchronously with the server configuration', async () => {
    let configuration: DatafeedConfiguration | undefined;
    datafeed.onReady((received) => (configuration = received));
    expect(configuration).toBeUndefined();
    await eventually(() => configuration !== undefined);
    const rest = await client.datafeed.config();
    expect(configuration).toMatchObject({ supported_resolutions: rest.supported_resolutions, supports_time: true, exchanges: rest.exchanges, symbols_types: rest.symbols_types });
  });

  it('searches and resolves symbols; an unknown one is "unknown_symbol"', async () => {
    const found = await new Promise<SearchSymbolResultItem[]>((resolve) => datafeed.searchSymbols('btc', '', '', resolve));
    expect(found).toContainEqual(expect.objectContaining({ symbol: 'BTCUSD', ticker: 'BTCUSD', type: expect.any(String), exchange: expect.any(String) }));
    const rest = await client.datafeed.resolveSymbol('BTCUSD');
    expect(btc).toMatchObject({ name: rest.name, ticker: rest.ticker, pricescale: rest.pricescale, minmov: rest.minmov, session: rest.session, timezone: rest.timezone, has_intraday: true });
    expect(btc).not.toHaveProperty('qtyStep');
    await expect(resolved(datafeed, 'NOPE')).rejects.toThrow('unknown_symbol');
  });

  it('pages history back with countBack: seconds in, milliseconds out, the same bars as the REST API', async () => {
    const now = await client.datafeed.history({ symbol: 'BTCUSD', resolution: '1', from: 0, to: Number.MAX_SAFE_INTEGER, countback: 1 });
    const lastTime = now.bars[0]?.time ?? 0;
    const to = Math.floor(lastTime / 1000) + 60; // seconds, just after the newest bar
    const first = await bars(datafeed, btc, '1', { from: to - 300 * 60, to, countBack: 300, firstDataRequest: true });
    expect(first.bars).toHaveLength(300);
    expect(first.meta).toEqual({ noData: false });
    expect(ascending(first.bars)).toBe(true);
    expect(first.bars.at(-1)?.time).toBe(lastTime);
    expect(first.bars.every((bar) => bar.time % MINUTE_MS === 0 && bar.time < to * 1000)).toBe(true);
    const rest = await client.datafeed.history({ symbol: 'BTCUSD', resolution: '1', from: (to - 300 * 60) * 1000, to: to * 1000, countback: 300 });
    // The newest bar is still forming: every closed one is identical, field by field.
    expect(first.bars.slice(0, -1)).toEqual(rest.bars.slice(0, -1).map((bar) => ({ ...bar })));
    expect(first.bars.map((bar) => bar.time)).toEqual(rest.bars.map((bar) => bar.time));

    const oldest = first.bars[0]?.time ?? 0;
    const second = await bars(datafeed, btc, '1', { from: oldest / 1000 - 200 * 60, to: oldest / 1000, countBack: 200, firstDataRequest: false });
    expect(second.bars).toHaveLength(200);
    expect(second.bars.at(-1)?.time).toBeLessThan(oldest);
    expect(ascending([...second.bars, ...first.bars])).toBe(true);
  });

  it('returns every bar of a range holding more than countBack, and reaches before from when it holds fewer', async () => {
    const day = Date.parse('2024-03-05T00:00:00Z') / 1000;
    const wide = await bars(datafeed, btc, '60', { from: day, to: day + 48 * 3600, countBack: 10, firstDataRequest: false });
    expect(wide.bars).toHaveLength(48);
    expect(wide.bars[0]?.time).toBe(day * 1000);
    const narrow = await bars(datafeed, btc, '60', { from: day, to: day + 2 * 3600, countBack: 10, firstDataRequest: false });
    expect(narrow.bars).toHaveLength(10);
    expect(narrow.bars.at(-1)?.time).toBe((day + 3600) * 1000);
    expect(narrow.bars[0]?.time).toBe((day - 8 * 3600) * 1000);
  });

  it('says noData before the start of history', async () => {
    const before = Date.parse('2015-06-01T00:00:00Z') / 1000;
    const empty = await bars(datafeed, btc, '1D', { from: before - 30 * 86_400, to: before, countBack: 30, firstDataRequest: false });
    expect(empty).toEqual({ bars: [], meta: { noData: true } });
  });

  it('streams the forming bar after history, never older than the last one, and stops on unsubscribeBars', async () => {
    const ticks: Bar[] = [];
    let resets = 0;
    datafeed.subscribeBars(btc, '1', (bar) => ticks.push(bar), 'chart-1', () => (resets += 1));
    await eventually(() => ticks.length >= 3);
    const history = await client.datafeed.history({ symbol: 'BTCUSD', resolution: '1', from: 0, to: Number.MAX_SAFE_INTEGER, countback: 1 });
    expect(ticks[0]?.time).toBeGreaterThanOrEqual(history.bars[0]?.time ?? Infinity);
    expect(ticks.every((bar, index) => index === 0 || bar.time >= (ticks[index - 1]?.time ?? 0))).toBe(true);
    expect(ticks.every((bar) => bar.time % MINUTE_MS === 0 && bar.low <= bar.close && bar.close <= bar.high)).toBe(true);
    expect(client.stream.topics()).toEqual([]);
    expect(datafeed.client.stream.topics()).toEqual(['bars:{"resolution":"1","symbol":"BTCUSD"}']);
    datafeed.unsubscribeBars('chart-1');
    expect(datafeed.client.stream.topics()).toEqual([]);
    expect(resets).toBe(0);
  });

  it('answers getQuotes in TradingView QuoteData, named as asked, with an exact spread; unknown symbols are errors', async () => {
    const quotes = await new Promise<QuoteData[]>((resolve, reject) => datafeed.getQuotes(['BTCUSD', 'NOPE'], resolve, (reason) => reject(new Error(reason))));
    expect(quotes.map((quote) => [quote.s, quote.n])).toEqual([
      ['ok', 'BTCUSD'],
      ['error', 'NOPE'],
    ]);
    const ok = quotes[0];
    if (ok?.s !== 'ok') throw new Error('expected a quote');
    const { ask = 0, bid = 0 } = ok.v;
    expect(ok.v.spread).toBe(fromFixed(toFixed(ask) - toFixed(bid)));
    expect(ok.v).toMatchObject({ lp: expect.any(Number), ch: expect.any(Number), chp: expect.any(Number), volume: expect.any(Number), prev_close_price: expect.any(Number) });
    expect(ok.v).not.toHaveProperty('marketStatus');
  });

  it('streams quotes for slow and fast symbols to one listener, and unsubscribes them together', async () => {
    const received: QuoteData[] = [];
    datafeed.subscribeQuotes(['ETHUSD'], ['BTCUSD', 'ETHUSD'], (data) => received.push(...data), 'watchlist');
    await eventually(() => ['BTCUSD', 'ETHUSD'].every((name) => received.some((quote) => quote.n === name && quote.s === 'ok')));
    expect(datafeed.client.stream.topics().sort()).toEqual(['quotes:{"symbol":"BTCUSD"}', 'quotes:{"symbol":"ETHUSD"}']);
    datafeed.unsubscribeQuotes('watchlist');
    expect(datafeed.client.stream.topics()).toEqual([]);
  });

  it('gives the server time in whole seconds, from the UDF time route', async () => {
    const asked: string[] = [];
    const recording = createDatafeed({
      baseUrl: server.url,
      fetch: (input, init) => {
        asked.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    const before = Math.floor(Date.now() / 1000);
    const seconds = await new Promise<number>((resolve) => recording.getServerTime(resolve));
    expect(asked).toEqual([`${server.url}/api/v1/udf/time`]);
    recording.close();
    const after = Math.ceil(Date.now() / 1000);
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(before - 1);
    expect(seconds).toBeLessThanOrEqual(after);
  });

  it('reports a bad request through the error callback with the server message', async () => {
    await expect(bars(datafeed, btc, '7', { from: 1_700_000_000, to: 1_700_003_600, countBack: 10, firstDataRequest: true })).rejects.toThrow(/resolution/);
  });
});

describe('datafeed without a server', () => {
  it('still answers onReady (the chart starts) and reports every request through its error callback', async () => {
    const idle = await startLiveServer();
    const url = idle.url;
    await idle.close();
    const offline = createDatafeed({ baseUrl: url });
    const configuration = await new Promise<DatafeedConfiguration>((resolve) => offline.onReady(resolve));
    expect(configuration.supported_resolutions).toEqual(['1', '5', '15', '60', '1D']);
    const reason = await new Promise<string>((resolve) => offline.getQuotes(['BTCUSD'], () => resolve('answered'), resolve));
    expect(reason).toMatch(/cannot reach the server/);
    await expect(resolved(offline, 'BTCUSD')).rejects.toThrow(/cannot reach the server/);
    offline.close();
  });
});
