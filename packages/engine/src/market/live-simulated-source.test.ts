import { describe, expect, it } from 'vitest';
import { BUILTIN_INSTRUMENTS } from './instruments.ts';
import { LiveSimulatedSource } from './live-simulated-source.ts';
import type { MarketQuote } from './quote.ts';

const instruments = BUILTIN_INSTRUMENTS.filter((i) => i.symbol === 'BTCUSD' || i.symbol === 'AAPL');
const small = { instruments };

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('live simulated source', () => {
  it('streams quotes from its timer to subscribers until stopped', async () => {
    const source = new LiveSimulatedSource({ ...small, intervalMs: 10 });
    const received: MarketQuote[] = [];
    const unsubscribe = source.subscribe((q) => received.push(q));
    source.start();
    await eventually(() => received.filter((q) => q.symbol === 'BTCUSD').length >= 3);
    source.stop();
    unsubscribe();
    expect(source.running).toBe(false);
    const last = received.filter((q) => q.symbol === 'BTCUSD').at(-1);
    expect(source.quote('BTCUSD')).toEqual(last);
  });

  it('keeps notifying the other subscribers when one throws', () => {
    const errors: unknown[] = [];
    const start = Date.parse('2026-03-07T12:00:00Z'); // Saturday
    const source = new LiveSimulatedSource({ ...small, startTime: start, onListenerError: (e) => errors.push(e) });
    const received: MarketQuote[] = [];
    source.subscribe(() => {
      throw new Error('bad listener');
    });
    source.subscribe((q) => received.push(q));
    source.advance(start + 1000);
    expect(received.map((q) => q.symbol)).toEqual(['BTCUSD']); // AAPL is closed on Saturday
    expect(errors).toHaveLength(1);
  });

  it('serves the pure market history, ending at the current price', async () => {
    const start = Date.parse('2026-03-04T15:00:00Z');
    const source = new LiveSimulatedSource({ ...small, startTime: start });
    source.advance(start + 500);
    const bars = await source.history('BTCUSD', '5', start - 3_600_000, start + 3_600_000);
    expect(bars.at(-1)?.close).toBe(source.quote('BTCUSD')?.last);
  });
});
