/** The paper broker runs on any market source: an exchange's public data through ccxt, or CSV bar files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Order, type QuoteData } from '@trading-pro/contracts';
import { AlpacaDataFake } from '../../brokers/src/market/alpaca-data-fake.ts';
import { BinancePublicFake } from '../../brokers/src/market/binance-public-fake.ts';
import { IbMarketDataFake } from '../../brokers/test/fakes/ib-market-data-fake.ts';
import { eventually, startServer, type TestServer } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('market sources', () => {
  it('paper-trades on public exchange data through ccxt', async () => {
    const fake = new BinancePublicFake(Date.now());
    const baseUrl = await fake.start();
    cleanups.push(() => fake.stop());
    const server: TestServer = await startServer({
      market: { source: 'ccxt', seed: 1, intervalMs: 50, exchange: 'binance', symbols: ['BTC/USDT'], baseUrl, stream: false },
    });
    cleanups.push(() => server.close());
    const [quote] = (await server.request('GET', '/datafeed/quotes?symbols=BTCUSDT')).body as QuoteData[];
    expect(quote?.s).toBe('ok');
    const placed = await server.request('POST', '/broker/orders', { symbol: 'BTCUSDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const order = (await server.request('GET', `/broker/orders/${(placed.body as { orderId: string }).orderId}`)).body as Order;
    expect(order.status).toBe(OrderStatus.Filled);
    expect(order.avgPrice).toBeCloseTo((quote?.v as { ask: number }).ask, 0);
  });

  it('replays CSV bar files as quotes the paper broker fills against', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-csv-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const start = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: 50 }, (_, i) => `${start + i * 86_400_000},${100 + i},${101 + i},${99 + i},${100.5 + i},1000`);
    writeFileSync(join(dir, 'BTCUSD.csv'), `time,open,high,low,close,volume\n${rows.join('\n')}\n`);
    const server = await startServer({ market: { source: 'csv', seed: 1, intervalMs: 20, csvDir: dir } });
    cleanups.push(() => server.close());
    const placed = await server.request('POST', '/broker/orders', { symbol: 'BTCUSD', type: OrderType.Market, side: Side.Buy, qty: 1 });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const order = (await server.request('GET', `/broker/orders/${(placed.body as { orderId: string }).orderId}`)).body as Order;
    expect(order.status).toBe(OrderStatus.Filled);
    expect(order.avgPrice).toBeGreaterThanOrEqual(99);
  });

  it('gives each paper account the quotes of its own source, and the datafeed all of them, namespaced where names collide', async () => {
    const binance = new BinancePublicFake(Date.now());
    const binanceUrl = await binance.start();
    cleanups.push(() => binance.stop());
    const alpaca = new AlpacaDataFake(Date.now());
    const alpacaUrl = await alpaca.start();
    cleanups.push(() => alpaca.stop());
    const tokens = { SIM: 'sim-token-0123456789', ALP: 'alp-token-0123456789', BIN: 'bin-token-0123456789' };
    const server = await startServer({
      market: {
        sources: {
          alpaca: { kind: 'alpaca', keyId: alpaca.keyId, secretKey: alpaca.secretKey, baseUrl: alpacaUrl, symbols: ['AAPL'], intervalMs: 50 },
          binance: { kind: 'ccxt', exchange: 'binance', symbols: ['BTC/USDT'], baseUrl: binanceUrl, stream: false, intervalMs: 50 },
        },
      },
      accounts: [
        { id: 'SIM', name: 'Simulated', broker: 'paper', currency: 'USD', initialBalance: 100_000 },
        { id: 'ALP', name: 'On Alpaca quotes', broker: 'paper', currency: 'USD', initialBalance: 100_000, marketSource: 'alpaca', paper: { offHours: 'queue', checkMarketHours: false } },
        { id: 'BIN', name: 'On Binance quotes', broker: 'paper', currency: 'USD', initialBalance: 100_000, marketSource: 'binance' },
      ],
      auth: { mode: 'token', tokens: Object.entries(tokens).map(([accountId, token]) => ({ token, accountId })) },
    });
    cleanups.push(() => server.close());
    const as = (account: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[account]}` });
    const quotes = (await server.request('GET', '/datafeed/quotes?symbols=AAPL,ALPACA:AAPL,alpaca:aapl,BTCUSDT', undefined, as('SIM'))).body as QuoteData[];
    expect(quotes.map((q) => [q.n, q.s])).toEqual([['AAPL', 'ok'], ['ALPACA:AAPL', 'ok'], ['ALPACA:AAPL', 'ok'], ['BTCUSDT', 'ok']]);
    expect((quotes[1]?.v as { ask: number }).ask).toBe(230.12);
    const fill = async (account: keyof typeof tokens, symbol: string, qty: number): Promise<Order> => {
      const placed = await server.request('POST', '/broker/orders', { symbol, type: OrderType.Market, side: Side.Buy, qty }, as(account));
      expect(placed.status, JSON.stringify(placed.body)).toBe(200);
      return (await server.request('GET', `/broker/orders/${(placed.body as { orderId: string }).orderId}`, undefined, as(account))).body as Order;
    };
    expect(await fill('ALP', 'aapl', 1)).toMatchObject({ symbol: 'AAPL', status: OrderStatus.Filled, avgPrice: 230.12 });
    expect(await fill('BIN', 'BTCUSDT', 0.001)).toMatchObject({ status: OrderStatus.Filled, avgPrice: 50_000 });
  });

  it('paper-trades on IB market data through TWS', async () => {
    const tws = new IbMarketDataFake();
    const port = await tws.start();
    cleanups.push(() => tws.stop());
    const server = await startServer({
      market: { sources: { ib: { kind: 'ib', port, clientId: 92, symbols: ['AAPL'] } } },
      accounts: [{ id: 'IBP', name: 'On IB quotes', broker: 'paper', currency: 'USD', initialBalance: 100_000, marketSource: 'ib', paper: { checkMarketHours: false } }],
    });
    cleanups.push(() => server.close());
    await eventually(async () => ((await server.request('GET', '/datafeed/quotes?symbols=IB:AAPL')).body as QuoteData[])[0]?.s === 'ok');
    const placed = await server.request('POST', '/broker/orders', { symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 2 });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const order = (await server.request('GET', `/broker/orders/${(placed.body as { orderId: string }).orderId}`)).body as Order;
    expect(order).toMatchObject({ status: OrderStatus.Filled, avgPrice: 190.02 });
  });

  it('stops the start with a message naming a bad CSV row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-csv-bad-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'ETHUSD.csv'), 'time,open,high,low,close,volume\n1767225600000,10,11,9,10.5,100\n1767312000000,10,abc,9,10.5,100\n');
    await expect(startServer({ market: { source: 'csv', seed: 1, intervalMs: 20, csvDir: dir } })).rejects.toThrow(/row 3|line 3/i);
  });
});
