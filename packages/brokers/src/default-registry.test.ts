import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@trading-pro/engine';
import { defaultBrokerRegistry } from './default-registry.ts';

describe('default broker registry', () => {
  const feed = { instruments: builtinCatalog, quote: () => undefined, subscribe: () => () => undefined };

  it('knows every built-in venue', () => {
    expect(defaultBrokerRegistry(feed).kinds().sort()).toEqual(['alpaca', 'binance', 'bybit', 'ib', 'kraken', 'okx', 'paper']);
  });

  it('names the known venues when asked for an unknown one', async () => {
    const context = { accountId: 'A', accountName: 'A', currency: 'USD', onEvents: async () => undefined, now: Date.now };
    await expect(defaultBrokerRegistry(feed).create('nasdaq-direct', context)).rejects.toThrow(/unknown broker "nasdaq-direct".*paper/);
  });

  it('imports a venue adapter when its first account is built, and checks its options then', async () => {
    const context = { accountId: 'A', accountName: 'A', currency: 'USD', onEvents: async () => undefined, now: Date.now };
    const registry = defaultBrokerRegistry(feed);
    const broker = await registry.create('binance', context, { apiKey: 'k', secret: 's' });
    expect(broker.kind).toBe('binance');
    await expect(registry.create('kraken', context, { apiKey: 'k' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
