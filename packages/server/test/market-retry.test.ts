/**
 * An exchange market source whose venue is down when the server starts: the server starts anyway, `/health` shows the
 * source degraded with its error, and the retries (on a fake clock) bring it up once the venue answers.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Health, type Order, type QuoteData } from '@trading-pro/contracts';
import { BinancePublicFake } from '../../brokers/src/market/binance-public-fake.ts';
import { FakeRetryTimers } from './fake-retry-timers.ts';
import { eventually, startServer, type TestServer } from './harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback port nothing listens on (until the test starts the venue there). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function health(server: TestServer): Promise<Health> {
  const response = await server.request('GET', '/health');
  expect(response.status).toBe(200);
  return response.body as Health;
}

describe('a market source whose venue is unreachable at start', () => {
  it('starts the server with the source degraded, retries with backoff and serves its quotes once the venue is up', async () => {
    const port = await freePort();
    const timers = new FakeRetryTimers();
    const server = await startServer(
      {
        market: { sources: { binance: { kind: 'ccxt', exchange: 'binance', symbols: ['BTC/USDT'], baseUrl: `http://127.0.0.1:${port}`, stream: false, intervalMs: 50 } } },
        accounts: [{ id: 'BIN', name: 'On Binance quotes', broker: 'paper', currency: 'USD', initialBalance: 100_000, marketSource: 'binance' }],
      },
      { marketRetry: { timers } },
    );
    cleanups.push(() => server.close());

    const down = await health(server);
    expect(down.status).toBe('ok');
    const binance = down.marketSources?.find((source) => source.name === 'binance');
    expect(binance).toMatchObject({ kind: 'ccxt:binance', status: 'degraded', failures: 1 });
    expect(binance?.message).toMatch(/ECONNREFUSED|connect|fetch failed/i);
    expect(down.marketSources?.find((source) => source.name === 'default')).toMatchObject({ kind: 'simulated', status: 'ok' });
    expect(timers.delays).toEqual([2_000]);
    // The rest of the server works meanwhile; the unreachable source simply lists nothing yet.
    const early = (await server.request('GET', '/datafeed/quotes?symbols=BTCUSD,BTCUSDT')).body as QuoteData[];
    expect(early.map((quote) => [quote.n, quote.s])).toEqual([['BTCUSD', 'ok'], ['BTCUSDT', 'error']]);

    timers.fire();
    await eventually(() => expect(timers.delays).toEqual([2_000, 4_000]));
    expect((await health(server)).marketSources?.find((source) => source.name === 'binance')).toMatchObject({ status: 'degraded', failures: 2 });

    const venue = new BinancePublicFake(Date.now());
    await venue.start(port);
    // Stopped after the server, so that no poll of a closing server meets a venue already gone.
    cleanups.unshift(() => venue.stop());
    timers.fire();
    await eventually(async () => expect((await health(server)).marketSources?.find((source) => source.name === 'binance')).toEqual({ name: 'binance', kind: 'ccxt:binance', status: 'ok', failures: 0 }));
    expect(timers.pending).toBe(0);

    const [quote] = (await server.request('GET', '/datafeed/quotes?symbols=BTCUSDT')).body as QuoteData[];
    expect(quote?.s).toBe('ok');
    const placed = await server.request('POST', '/broker/orders', { symbol: 'BTCUSDT', type: OrderType.Market, side: Side.Buy, qty: 0.001 }, { 'x-account-id': 'BIN' });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    const order = await eventually(async () => {
      const current = (await server.request('GET', `/broker/orders/${(placed.body as { orderId: string }).orderId}`)).body as Order;
      return current.status === OrderStatus.Filled ? current : undefined;
    });
    expect(order.avgPrice).toBeCloseTo(50_000, 0);
  });

  it('starts with the main source degraded when it is an unreachable exchange', async () => {
    const port = await freePort();
    const timers = new FakeRetryTimers();
    const server = await startServer(
      { market: { source: 'ccxt', seed: 1, intervalMs: 50, exchange: 'binance', symbols: ['BTC/USDT'], baseUrl: `http://127.0.0.1:${port}`, stream: false } },
      { marketRetry: { timers } },
    );
    cleanups.push(() => server.close());
    expect((await health(server)).marketSources).toEqual([
      expect.objectContaining({ name: 'default', kind: 'ccxt:binance', status: 'degraded', failures: 1, nextRetryAt: expect.any(Number) }),
    ]);
    const venue = new BinancePublicFake(Date.now());
    await venue.start(port);
    // Stopped after the server, so that no poll of a closing server meets a venue already gone.
    cleanups.unshift(() => venue.stop());
    timers.fire();
    await eventually(async () => expect((await health(server)).marketSources).toEqual([{ name: 'default', kind: 'ccxt:binance', status: 'ok', failures: 0 }]));
  });
});
