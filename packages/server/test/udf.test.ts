/** TradingView's UDF protocol under /api/v1/udf: its shapes and units (seconds), against /datafeed on a real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFixed, type DatafeedConfig, type History, type SearchResult, type SymbolInfo } from '@trading-pro/contracts';
import type { UdfConfig, UdfHistory, UdfQuotes, UdfSymbolInfo } from '../src/modules/datafeed/udf-schemas.ts';
import { getOk, startServer, type TestServer } from './harness.ts';

/** The server's clock (UDF /time reads it); market data keeps the wall clock. */
const SERVER_NOW = 1_800_000_123_456;
const HOUR_S = 3600;
const DAY_S = 86_400;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ market: { source: 'simulated', seed: 7, intervalMs: 20 } }, { now: () => SERVER_NOW });
});
afterAll(async () => {
  await server.close();
});

const get = <T>(path: string) => getOk<T>(server, path);
const udfError = (code: string, errmsg: RegExp) => ({ s: 'error', errmsg: expect.stringMatching(errmsg), error: { code, message: expect.stringMatching(errmsg) } });

/** A whole hour at least a day back: every bar before it is complete, so two reads agree. */
const pastHourS = () => Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S - DAY_S;

describe('UDF config and symbols', () => {
  it('announces search and per-symbol resolve, server time, no marks, and the datafeed resolutions', async () => {
    const config = await get<UdfConfig>('/udf/config');
    const datafeed = await get<DatafeedConfig>('/datafeed/config');
    expect(config).toMatchObject({ supports_search: true, supports_group_request: false, supports_time: true, supports_marks: false, supports_timescale_marks: false });
    expect(config.supported_resolutions).toEqual(datafeed.supported_resolutions);
    expect(config.exchanges).toEqual(datafeed.exchanges);
    expect(config.symbols_types).toEqual(datafeed.symbols_types);
  });

  it('resolves a symbol as LibrarySymbolInfo, without the fields UDF has none for', async () => {
    const info = await get<UdfSymbolInfo>('/udf/symbols?symbol=AAPL');
    const datafeed = await get<SymbolInfo>('/datafeed/symbols?symbol=AAPL');
    expect(info).toMatchObject({ name: 'AAPL', ticker: 'AAPL', description: datafeed.description, type: 'stock', session: datafeed.session, timezone: 'America/New_York' });
    expect(info).toMatchObject({ exchange: datafeed.exchange, listed_exchange: datafeed.listed_exchange, minmov: 1, pricescale: 100, has_intraday: true, volume_precision: 0, data_status: 'streaming' });
    expect(info.supported_resolutions).toEqual(datafeed.supported_resolutions);
    for (const key of ['tickSize', 'qtyStep', 'minQty', 'marketStatus', 'nextOpen', 'nextClose']) expect(info).not.toHaveProperty(key);
  });

  it('resolves EXCHANGE:SYMBOL and takes the currencyCode and unitId the UDF adapter adds', async () => {
    expect((await get<UdfSymbolInfo>('/udf/symbols?symbol=CRYPTO:BTCUSD&currencyCode=USD&unitId=x')).name).toBe('BTCUSD');
  });

  it('answers an unknown or missing symbol with s: "error" (404 and 400)', async () => {
    const unknown = await server.request('GET', '/udf/symbols?symbol=NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject(udfError('NOT_FOUND', /NOPE/));
    const missing = await server.request('GET', '/udf/symbols');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject(udfError('VALIDATION_ERROR', /symbol/));
  });

  it('searches like /datafeed/search, with the empty type and exchange the adapter sends', async () => {
    const results = await get<SearchResult[]>('/udf/search?query=BTC&type=&exchange=&limit=30');
    expect(results).toEqual(await get<SearchResult[]>('/datafeed/search?query=BTC&type=&exchange=&limit=30'));
    expect(results[0]).toEqual({ symbol: 'BTCUSD', full_name: 'CRYPTO:BTCUSD', description: expect.any(String), exchange: 'CRYPTO', ticker: 'BTCUSD', type: 'crypto' });
    const stocks = await get<SearchResult[]>('/udf/search?query=A&type=stock&limit=5');
    expect(stocks.length).toBeGreaterThan(0);
    expect(stocks.length).toBeLessThanOrEqual(5);
    expect(stocks.every((r) => r.type === 'stock')).toBe(true);
  });
});

describe('UDF history', () => {
  it('gives the bars of /datafeed/history for the same range, as columns with times in seconds', async () => {
    const to = pastHourS();
    const from = to - 2 * DAY_S;
    // As TradingView's adapter asks: it adds the symbol's currency_code.
    const udf = await get<UdfHistory>(`/udf/history?symbol=BTCUSD&resolution=60&from=${from}&to=${to}&currencyCode=USD`);
    const datafeed = await get<History>(`/datafeed/history?symbol=BTCUSD&resolution=60&from=${from * 1000}&to=${to * 1000}`);
    if (udf.s !== 'ok') throw new Error(`expected bars, got ${JSON.stringify(udf)}`);
    expect(udf.t).toHaveLength(48);
    expect(udf.t.map((t) => t * 1000)).toEqual(datafeed.bars.map((bar) => bar.time));
    expect(udf.o).toEqual(datafeed.bars.map((bar) => bar.open));
    expect(udf.h).toEqual(datafeed.bars.map((bar) => bar.high));
    expect(udf.l).toEqual(datafeed.bars.map((bar) => bar.low));
    expect(udf.c).toEqual(datafeed.bars.map((bar) => bar.close));
    expect(udf.v).toEqual(datafeed.bars.map((bar) => bar.volume));
    expect(udf.t[0]).toBe(from);
    expect(udf.t.at(-1)).toBe(to - HOUR_S);
  });

  it('stamps daily bars 00:00 UTC in seconds', async () => {
    const to = pastHourS();
    const udf = await get<UdfHistory>(`/udf/history?symbol=BTCUSD&resolution=1D&from=${to - 30 * DAY_S}&to=${to}`);
    if (udf.s !== 'ok') throw new Error('expected bars');
    expect(udf.t.length).toBeGreaterThanOrEqual(29);
    for (const t of udf.t) expect(t % DAY_S).toBe(0);
  });

  it('gives the countback newest bars before to, however far back from is', async () => {
    const to = pastHourS();
    const udf = await get<UdfHistory>(`/udf/history?symbol=BTCUSD&resolution=60&from=${to - 60}&to=${to}&countback=5`);
    const datafeed = await get<History>(`/datafeed/history?symbol=BTCUSD&resolution=60&from=${(to - 60) * 1000}&to=${to * 1000}&countback=5`);
    if (udf.s !== 'ok') throw new Error('expected bars');
    expect(udf.t).toEqual([5, 4, 3, 2, 1].map((n) => to - n * HOUR_S));
    expect(udf.c).toEqual(datafeed.bars.map((bar) => bar.close));
  });

  it('answers a range without bars with no_data and the older bar\'s time in seconds', async () => {
    // A Saturday at least a week back: US equities do not trade.
    const day = new Date((pastHourS() - 7 * DAY_S) * 1000);
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 1) % 7));
    const saturday = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) / 1000;
    const udf = await get<UdfHistory>(`/udf/history?symbol=AAPL&resolution=1&from=${saturday}&to=${saturday + DAY_S}`);
    const datafeed = await get<History>(`/datafeed/history?symbol=AAPL&resolution=1&from=${saturday * 1000}&to=${(saturday + DAY_S) * 1000}`);
    expect(datafeed).toMatchObject({ noData: true, nextTime: expect.any(Number) });
    expect(udf).toEqual({ s: 'no_data', nextTime: (datafeed.nextTime as number) / 1000 });
    // The last minute bar of Friday's session (15:59 in New York).
    const friday = saturday - DAY_S;
    expect([friday + 19 * HOUR_S + 59 * 60, friday + 20 * HOUR_S + 59 * 60]).toContain((udf as { nextTime: number }).nextTime);
  });

  it('answers no_data without nextTime before the first bar', async () => {
    expect(await get<UdfHistory>('/udf/history?symbol=AAPL&resolution=1&from=1000&to=2000')).toEqual({ s: 'no_data' });
  });

  it('answers bad parameters with s: "error" and changes nothing', async () => {
    const cases: [string, number, string, RegExp][] = [
      ['symbol=AAPL&resolution=7&from=0&to=10', 400, 'VALIDATION_ERROR', /resolution/],
      ['symbol=AAPL&resolution=1&from=10&to=5', 400, 'VALIDATION_ERROR', /from/],
      ['symbol=AAPL&resolution=1&from=abc&to=5', 400, 'VALIDATION_ERROR', /from/],
      ['symbol=AAPL&resolution=1&from=0&to=9999999999999', 400, 'VALIDATION_ERROR', /to/],
      ['symbol=AAPL&resolution=1&from=0&to=10&countback=0', 400, 'VALIDATION_ERROR', /countback/],
      ['symbol=AAPL&resolution=1&from=0&to=10&extra=1', 400, 'VALIDATION_ERROR', /extra/],
      ['symbol=NOPE&resolution=1&from=0&to=10', 404, 'NOT_FOUND', /NOPE/],
    ];
    for (const [query, status, code, message] of cases) {
      const res = await server.request('GET', `/udf/history?${query}`);
      expect(res.status, query).toBe(status);
      expect(res.body, query).toMatchObject(udfError(code, message));
    }
  });
});

describe('UDF time, quotes and unknown paths', () => {
  it('tells the server time as a plain integer of seconds', async () => {
    const res = await fetch(`${server.url}/api/v1/udf/time`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toBe(String(Math.floor(SERVER_NOW / 1000)));
    // TradingView's adapter reads every answer with JSON.parse, this one included.
    expect(JSON.parse(text)).toBe(Math.floor(SERVER_NOW / 1000));
  });

  it('quotes known symbols with the UDF fields and an exact spread, and unknown ones as errors, named as requested', async () => {
    const quotes = await get<UdfQuotes>('/udf/quotes?symbols=BTCUSD,NOPE,CRYPTO:ETHUSD');
    expect(quotes.s).toBe('ok');
    expect(quotes.d.map((q) => [q.n, q.s])).toEqual([['BTCUSD', 'ok'], ['NOPE', 'error'], ['CRYPTO:ETHUSD', 'ok']]);
    const v = quotes.d[0]?.v as Record<string, unknown>;
    expect(Object.keys(v).sort()).toEqual(['ask', 'bid', 'ch', 'chp', 'description', 'exchange', 'high_price', 'low_price', 'lp', 'open_price', 'prev_close_price', 'short_name', 'spread', 'volume']);
    expect(v).toMatchObject({ short_name: 'BTCUSD', exchange: 'CRYPTO' });
    const { ask, bid, spread } = v as { ask: number; bid: number; spread: number };
    expect(toFixed(spread)).toBe(toFixed(ask) - toFixed(bid));
    expect(spread).toBeGreaterThan(0);
    expect(quotes.d[1]?.v).toEqual({ errmsg: 'unknown symbol' });
  });

  it('requires the symbols parameter', async () => {
    const res = await server.request('GET', '/udf/quotes');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(udfError('VALIDATION_ERROR', /symbols/));
  });

  it('answers paths UDF has but this server does not serve (marks) with s: "error"', async () => {
    const res = await server.request('GET', '/udf/marks?symbol=AAPL&from=0&to=10&resolution=1');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject(udfError('NOT_FOUND', /\/udf\/marks/));
  });

  it('is in the OpenAPI document', async () => {
    const spec = await fetch(`${server.url}/api/v1/openapi.json`).then((r) => r.json() as Promise<{ paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>);
    for (const path of ['config', 'symbols', 'search', 'history', 'time', 'quotes']) expect(spec.paths).toHaveProperty([`/api/v1/udf/${path}`]);
    for (const name of ['UdfConfig', 'UdfSymbolInfo', 'UdfHistory', 'UdfQuotes', 'UdfError']) expect(spec.components.schemas).toHaveProperty([name]);
  });
});

describe('UDF under token auth and rate limits', () => {
  const TOKEN = 'udf-token-0123456789';
  let secured: TestServer;
  beforeAll(async () => {
    secured = await startServer(
      {
        auth: { mode: 'token', tokens: [{ token: TOKEN, accountId: 'DEMO-001' }] },
        limits: { rest: { perSecond: 1, burst: 2 } },
        http: { allowedOrigins: ['https://charts.example'] },
      },
      // A clock that stands still: the bucket never refills during the test.
      { now: () => SERVER_NOW },
    );
  });
  afterAll(async () => {
    await secured.close();
  });

  it('needs a token like /datafeed, answers in the UDF shape, allows the configured origins and is rate limited', async () => {
    const refused = await secured.request('GET', '/udf/config');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ s: 'error', error: { code: 'UNAUTHORIZED' } });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const allowed = await secured.request('GET', '/udf/time', undefined, { ...auth, origin: 'https://charts.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://charts.example');
    expect((await secured.request('GET', '/udf/config', undefined, auth)).status).toBe(200);
    const limited = await secured.request('GET', '/udf/config', undefined, auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body).toMatchObject({ s: 'error', error: { code: 'RATE_LIMITED' } });
  });
});
