import { parseFixed } from '@trading-pro/contracts';
import type { MarketQuote } from '@trading-pro/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { IbMarketSource } from '../src/market/ib-source.ts';
import { IbMarketDataFake } from './fakes/ib-market-data-fake.ts';

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

async function setup(): Promise<{ fake: IbMarketDataFake; source: IbMarketSource }> {
  const fake = new IbMarketDataFake();
  const port = await fake.start();
  running.push(fake);
  const source = new IbMarketSource({ port, clientId: 91, symbols: ['AAPL', 'EURUSD'], now: () => NOW, onError: () => undefined, requestTimeoutMs: 3_000 });
  running.push(source);
  await source.start();
  return { fake, source };
}

describe('IB market source (against a fake TWS)', () => {
  it('streams the top of book and the day figures of each symbol', async () => {
    const { fake, source } = await setup();
    await eventually(() => source.quote('AAPL') !== undefined && source.quote('EURUSD') !== undefined);
    expect(source.quote('AAPL')).toMatchObject({ bid: p('189.98'), ask: p('190.02'), last: p('190'), bidSize: p('200'), askSize: p('300') });
    expect(source.quote('EURUSD')).toMatchObject({ bid: p('1.08495'), ask: p('1.08505') });
    expect(source.dayStats('AAPL')).toMatchObject({ open: p('189.5'), high: p('191'), low: p('188'), prevClose: p('189'), volume: p('10000') });
    expect(source.instruments().get('AAPL')?.session.calendar).toBe('NYSE');
    const received: MarketQuote[] = [];
    source.subscribe((q) => received.push(q));
    fake.setQuote('AAPL', { bid: 191, ask: 191.04, last: 191.02, volume: 10_500 });
    await eventually(() => received.some((q) => q.symbol === 'AAPL' && q.ask === p('191.04') && q.volume === p('500')));
  });

  it('reads historical bars for a range and for a countback', async () => {
    const { fake, source } = await setup();
    const minutes = await source.history('AAPL', '1', NOW - 5 * 60_000, NOW);
    expect(minutes.map((bar) => bar.time)).toEqual([5, 4, 3, 2, 1].map((i) => Math.floor((NOW - 1) / 60_000) * 60_000 - (i - 1) * 60_000));
    expect(minutes.at(-1)?.close).toBe(p('190'));
    const daily = await source.history('AAPL', '1D', 0, NOW, 3);
    expect(daily.map((bar) => new Date(bar.time).toISOString().slice(0, 10))).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(fake.historyRequests.map((r) => r.slice(1, 3))).toEqual([['20260304-15:12:34', '1 min'], ['20260304-15:12:34', '1 day']]);
  });
});
