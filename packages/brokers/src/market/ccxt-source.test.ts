import { ErrorCode, TradingError, parseFixed } from '@trading-pro/contracts';
import type { MarketQuote } from '@trading-pro/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { BinancePublicFake } from './binance-public-fake.ts';
import { CcxtMarketSource, createPublicExchange } from './ccxt-source.ts';

const NOW = Date.parse('2026-03-04T15:12:34Z');
const p = parseFixed;
const running: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.stop();
});

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function setup(symbols = ['BTC/USDT', 'ETH/USDT']): Promise<{ fake: BinancePublicFake; source: CcxtMarketSource }> {
  const fake = new BinancePublicFake(NOW);
  const baseUrl = await fake.start();
  running.push(fake);
  const exchange = createPublicExchange('binance', { baseUrl, timeoutMs: 2_000 });
  exchange.enableRateLimit = false;
  const source = new CcxtMarketSource({ exchange, symbols, useWebSocket: false, pollIntervalMs: 20, now: () => NOW, onError: () => undefined });
  running.push(source);
  return { fake, source };
}

describe('ccxt market source (against a fake Binance)', () => {
  it('lists the configured markets with their tick, lot step and minimum', async () => {
    const { source } = await setup();
    await source.start();
    const btc = source.instruments().get('BTCUSDT');
    expect(btc).toMatchObject({ type: 'crypto', exchange: 'BINANCE', currency: 'USDT', tickSize: p('0.01'), lotStep: p('0.00001'), minQty: p('0.00001') });
    expect(btc?.session.spec).toBe('24x7');
    expect(source.instruments().get('ETHUSDT')?.lotStep).toBe(p('0.0001'));
    expect(source.instruments().list()).toHaveLength(2);
  });

  it('quotes from the 24-hour ticker and reports the day', async () => {
    const { fake, source } = await setup();
    Object.assign(fake.ticker('BTCUSDT'), { bid: '50010.00', ask: '50010.50', last: '50010.25', open: '49000.00', high: '50500.00', low: '48800.00', prevClose: '48999.99' });
    await source.start();
    expect(source.quote('BTCUSDT')).toMatchObject({ bid: p('50010'), ask: p('50010.5'), last: p('50010.25'), bidSize: p('1.5'), askSize: p('2.25'), volume: 0n });
    expect(source.dayStats('BTCUSDT')).toEqual({ open: p('49000'), high: p('50500'), low: p('48800'), volume: p('1000'), prevClose: p('48999.99') });
    expect(fake.requests.some((r) => r.startsWith('/api/v3/ticker/24hr'))).toBe(true);
  });

  it('polls and notifies subscribers of changed quotes with the volume traded since the last one', async () => {
    const { fake, source } = await setup(['BTC/USDT']);
    await source.start();
    const received: MarketQuote[] = [];
    source.subscribe((q) => received.push(q));
    Object.assign(fake.ticker('BTCUSDT'), { bid: '50100.00', ask: '50100.01', last: '50100.00', volume: '1000.25' });
    await eventually(() => received.length > 0);
    expect(received[0]).toMatchObject({ symbol: 'BTCUSDT', bid: p('50100'), ask: p('50100.01'), volume: p('0.25') });
  });

  it('serves bars from klines: a range, or the newest countback', async () => {
    const { fake, source } = await setup();
    await source.start();
    const bars = await source.history('BTCUSDT', '5', NOW - 3_600_000, NOW);
    expect(bars.length).toBeGreaterThanOrEqual(12);
    expect(bars.every((b) => b.time >= NOW - 3_600_000 && b.time < NOW && b.time % 300_000 === 0)).toBe(true);
    expect(bars.every((b) => b.low <= b.open && b.high >= b.close && b.volume === p('12.5'))).toBe(true);
    expect(fake.requests.some((r) => r.startsWith('/api/v3/klines') && r.includes('interval=5m'))).toBe(true);
    const daily = await source.history('BTCUSDT', '1D', NOW, NOW + 1, 30);
    expect(daily).toHaveLength(30);
    expect(daily.at(-1)?.time).toBe(Date.parse('2026-03-04T00:00:00Z'));
    expect(await source.history('NOPE', '1', 0, NOW)).toEqual([]);
  });

  it('streams quotes with watchTicker when the exchange has it', async () => {
    const fake = new BinancePublicFake(NOW);
    const baseUrl = await fake.start();
    running.push(fake);
    const exchange = createPublicExchange('binance', { baseUrl, wsUrl: baseUrl.replace('http:', 'ws:'), timeoutMs: 2_000 });
    exchange.enableRateLimit = false;
    const source = new CcxtMarketSource({ exchange, symbols: ['BTC/USDT'], now: () => NOW, onError: () => undefined });
    running.push(source);
    await source.start();
    const received: MarketQuote[] = [];
    source.subscribe((q) => received.push(q));
    await eventually(() => fake.tickerSubscribers('BTCUSDT') === 1);
    Object.assign(fake.ticker('BTCUSDT'), { bid: '50200.00', ask: '50200.50', last: '50200.25' });
    fake.pushTicker('BTCUSDT');
    await eventually(() => received.length > 0);
    expect(received[0]).toMatchObject({ symbol: 'BTCUSDT', bid: p('50200'), ask: p('50200.5'), last: p('50200.25') });
  });

  it('refuses to start with a market the exchange does not list', async () => {
    const { source } = await setup(['BTC/USDT', 'XYZ/USDT']);
    const error = await source.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TradingError);
    expect((error as TradingError).code).toBe(ErrorCode.VALIDATION_ERROR);
  });

  it('reports an unreachable exchange as unavailable', async () => {
    const exchange = createPublicExchange('binance', { baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 });
    const source = new CcxtMarketSource({ exchange, symbols: ['BTC/USDT'], useWebSocket: false });
    const error = await source.start().catch((e: unknown) => e);
    expect((error as TradingError).code).toBe(ErrorCode.BROKER_UNAVAILABLE);
  });
});
