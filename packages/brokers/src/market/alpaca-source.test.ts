import { ErrorCode, TradingError, parseFixed } from '@trading-pro/contracts';
import type { MarketQuote } from '@trading-pro/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaDataFake } from './alpaca-data-fake.ts';
import { AlpacaMarketSource } from './alpaca-source.ts';

const NOW = Date.parse('2026-03-04T15:12:34Z');
const p = parseFixed;
const running: { stop(): Promise<void> | void }[] = [];

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

async function setup(secretKey?: string, stream = false): Promise<{ fake: AlpacaDataFake; source: AlpacaMarketSource }> {
  const fake = new AlpacaDataFake(NOW);
  const dataUrl = await fake.start();
  running.push(fake);
  const streaming = stream ? { stream: true, streamUrl: dataUrl.replace('http', 'ws') } : {};
  const source = new AlpacaMarketSource({ keyId: fake.keyId, secretKey: secretKey ?? fake.secretKey, symbols: ['aapl', 'SPY'], dataUrl, pollIntervalMs: 20, onError: () => undefined, ...streaming });
  running.push(source);
  return { fake, source };
}

describe('Alpaca market source (against a fake market data API)', () => {
  it('lists the symbols as NYSE-calendar US equities', async () => {
    const { source } = await setup();
    expect(source.instruments().get('AAPL')).toMatchObject({ type: 'stock', tickSize: p('0.01'), lotStep: p('1') });
    expect(source.instruments().get('AAPL')?.session.calendar).toBe('NYSE');
  });

  it('quotes from snapshots and streams changes to subscribers', async () => {
    const { fake, source } = await setup();
    await source.start();
    expect(source.quote('AAPL')).toMatchObject({ bid: p('230.1'), ask: p('230.12'), last: p('230.11'), bidSize: p('2'), askSize: p('3'), time: NOW });
    expect(source.dayStats('AAPL')).toMatchObject({ open: p('228'), prevClose: p('228'), volume: p('1000') });
    const received: MarketQuote[] = [];
    source.subscribe((q) => received.push(q));
    const stock = fake.stocks.get('AAPL');
    if (!stock) throw new Error('no AAPL');
    Object.assign(stock, { bid: 231, ask: 231.02, last: 231.01, volume: 1_500 });
    fake.nowMs = NOW + 1000;
    await eventually(() => received.some((q) => q.symbol === 'AAPL' && q.bid === p('231')));
    expect(received.find((q) => q.bid === p('231'))?.volume).toBe(p('500'));
  });

  it('streams quotes and trades over the real-time stream', async () => {
    const { fake, source } = await setup(undefined, true);
    await source.start();
    expect(fake.streams).toBe(1);
    const received: MarketQuote[] = [];
    source.subscribe((q) => received.push(q));
    fake.nowMs = NOW + 500;
    fake.push({ T: 'q', S: 'AAPL', bp: 230.5, bs: 4, ap: 230.53, as: 6 });
    fake.push({ T: 't', S: 'AAPL', p: 230.52, s: 150 });
    await eventually(() => received.length >= 2);
    expect(received[0]).toMatchObject({ symbol: 'AAPL', bid: p('230.5'), ask: p('230.53'), bidSize: p('4'), askSize: p('6'), time: NOW + 500 });
    expect(received[1]).toMatchObject({ bid: p('230.5'), last: p('230.52'), volume: p('150') });
  });

  it('pages through bars, with countback and with a range', async () => {
    const { fake, source } = await setup();
    const bars = await source.history('AAPL', '5', 0, NOW + 1, 7);
    expect(bars).toHaveLength(7);
    expect(bars.every((bar, i) => i === 0 || bar.time > (bars[i - 1]?.time ?? 0))).toBe(true);
    expect(bars.at(-1)?.close).toBe(p('230.11'));
    const ranged = await source.history('AAPL', '1', NOW - 5 * 60_000, NOW + 1);
    expect(ranged.map((bar) => bar.time)).toEqual([4, 3, 2, 1, 0].map((i) => Math.floor(NOW / 60_000) * 60_000 - i * 60_000));
    expect(fake.requests.filter((r) => r.startsWith('/v2/stocks/bars')).length).toBeGreaterThan(2);
    const daily = await source.history('AAPL', '1D', 0, NOW + 1, 2);
    expect(daily.at(-1)?.time).toBe(Date.parse('2026-03-04T00:00:00Z'));
  });

  it('fails to start with bad credentials', async () => {
    const { source } = await setup('wrong');
    await expect(source.start()).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    await expect(source.start()).rejects.toBeInstanceOf(TradingError);
  });
});
