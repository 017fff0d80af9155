/** Market data over REST and WebSocket: what a chart client needs, end to end on a real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar, DatafeedConfig, History, QuoteData, SearchResult, SymbolInfo } from '@trading-pro/contracts';
import { startServer, type TestServer } from './harness.ts';
import { TestSocket } from './ws-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ market: { source: 'simulated', seed: 7, intervalMs: 20 } });
});
afterAll(async () => {
  await server.close();
});

const get = async <T>(path: string) => {
  const res = await server.request('GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as T;
};
const DAY = 86_400_000;

describe('datafeed REST', () => {
  it('describes resolutions, exchanges and symbol types', async () => {
    const config = await get<DatafeedConfig>('/datafeed/config');
    expect(config.supported_resolutions).toEqual(['1', '5', '15', '60', '1D']);
    expect(config.symbols_types.map((t) => t.value)).toEqual(expect.arrayContaining(['stock', 'crypto', 'forex']));
  });

  it('resolves a symbol with its tick, lot step and session', async () => {
    const info = await get<SymbolInfo>('/datafeed/symbols?symbol=AAPL');
    expect(info).toMatchObject({ name: 'AAPL', type: 'stock', tickSize: 0.01, qtyStep: 1, minQty: 1, timezone: 'America/New_York' });
    expect((await server.request('GET', '/datafeed/symbols?symbol=NOPE')).status).toBe(404);
    expect((await server.request('GET', '/datafeed/symbols')).status).toBe(400);
  });

  it('searches by ticker and description, ranked', async () => {
    const results = await get<SearchResult[]>('/datafeed/search?query=btc&limit=5');
    expect(results[0]?.symbol).toBe('BTCUSD');
    const bitcoin = await get<SearchResult[]>('/datafeed/search?query=bitcoin');
    expect(bitcoin.map((r) => r.symbol)).toContain('BTCUSD');
  });

  it('serves a year of daily bars whose last close is the current price', async () => {
    const now = Date.now();
    const history = await get<History>(`/datafeed/history?symbol=BTCUSD&resolution=1D&from=${now - 400 * DAY}&to=${now + DAY}`);
    expect(history.noData).toBe(false);
    expect(history.bars.length).toBeGreaterThanOrEqual(365);
    const times = history.bars.map((b) => b.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const bar of history.bars) expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
    const [quote] = await get<QuoteData[]>('/datafeed/quotes?symbols=BTCUSD');
    const last = history.bars.at(-1) as Bar;
    expect(Math.abs(last.close - (quote?.v as { lp: number }).lp) / last.close).toBeLessThan(0.01);
  });

  it('serves minute bars for at least five trading days, and none at night for equities', async () => {
    const now = Date.now();
    const history = await get<History>(`/datafeed/history?symbol=AAPL&resolution=1&from=${now - 10 * DAY}&to=${now}`);
    expect(history.bars.length).toBeGreaterThanOrEqual(5 * 390);
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    for (const bar of history.bars) {
      const parts = Object.fromEntries(fmt.formatToParts(bar.time).map((p) => [p.type, p.value]));
      const minute = Number(parts.hour) * 60 + Number(parts.minute);
      expect(['Sat', 'Sun']).not.toContain(parts.weekday);
      expect(minute >= 570 && minute < 960, `${new Date(bar.time).toISOString()}`).toBe(true);
    }
  });

  it('validates history parameters', async () => {
    expect((await server.request('GET', '/datafeed/history?symbol=AAPL&resolution=7&from=0&to=10')).status).toBe(400);
    expect((await server.request('GET', '/datafeed/history?symbol=AAPL&resolution=1&from=10&to=5')).status).toBe(400);
    expect((await server.request('GET', '/datafeed/history?symbol=AAPL&resolution=1&from=abc&to=5')).status).toBe(400);
  });

  it('quotes several symbols and marks unknown ones as errors', async () => {
    const quotes = await get<QuoteData[]>('/datafeed/quotes?symbols=BTCUSD,NOPE,ETHUSD');
    expect(quotes.map((q) => [q.n, q.s])).toEqual([['BTCUSD', 'ok'], ['NOPE', 'error'], ['ETHUSD', 'ok']]);
    const v = quotes[0]?.v as { bid: number; ask: number; lp: number };
    expect(v.ask).toBeGreaterThan(v.bid);
  });
});

describe('market data over WebSocket', () => {
  it('streams quotes of a symbol after the confirmation, starting with a snapshot', async () => {
    const ws = new TestSocket(server.url);
    await ws.opened;
    const response = await ws.subscribe('quotes', { symbol: 'ETHUSD' });
    expect(response.payload).toMatchObject({ status: 'ok', topic: 'quotes:{"symbol":"ETHUSD"}' });
    await ws.waitFor((f) => f.type === 'quotes.update' && ws.updates('quotes.update').length >= 3, 'three quotes');
    expect(ws.updates('quotes.update').every((f) => (f.payload.payload as QuoteData).n === 'ETHUSD')).toBe(true);
    await ws.close();
    expect(server.gateway.activeTopics().has('quotes:{"symbol":"ETHUSD"}')).toBe(false);
  });

  it('streams the forming bar, continuing the last history bar', async () => {
    const ws = new TestSocket(server.url);
    await ws.opened;
    expect((await ws.subscribe('bars', { symbol: 'BTCUSD', resolution: '1' })).payload.status).toBe('ok');
    const update = await ws.waitFor((f) => f.type === 'bars.update', 'bar update');
    const bar = update.payload.payload as Bar;
    expect(bar.time % 60_000).toBe(0);
    expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
    const now = Date.now();
    const history = await get<History>(`/datafeed/history?symbol=BTCUSD&resolution=1&from=${now - 3_600_000}&to=${now + 60_000}`);
    expect(history.bars.at(-1)?.time).toBeLessThanOrEqual(bar.time);
    await ws.close();
  });

  it('refuses unknown symbols and resolutions in the confirmation', async () => {
    const ws = new TestSocket(server.url);
    await ws.opened;
    expect((await ws.subscribe('quotes', { symbol: 'NOPE' })).payload.status).toBe('error');
    expect((await ws.subscribe('bars', { symbol: 'BTCUSD', resolution: '7' })).payload.status).toBe('error');
    expect(ws.isOpen).toBe(true);
    await ws.close();
  });
});
