import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@trading-pro/engine';
import { defaultBrokerRegistry } from './default-registry.ts';

describe('default broker registry', () => {
  const feed = { instruments: builtinCatalog, quote: () => undefined, subscribe: () => () => undefined };

  it('knows every built-in venue', () => {
    expect(defaultBrokerRegistry(feed).kinds().sort()).toEqual(['alpaca', 'binance', 'bybit', 'ib', 'kraken', 'okx', 'paper']);
  });

  it('names the known venues when asked for an unknown one', () => {
    const context = { accountId: 'A', accountName: 'A', currency: 'USD', onEvents: async () => undefined, now: Date.now };
    expect(() => defaultBrokerRegistry(feed).create('nasdaq-direct', context)).toThrow(/unknown broker "nasdaq-direct".*paper/);
  });
});
