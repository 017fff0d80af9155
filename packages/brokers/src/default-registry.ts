/**
 * Every built-in venue in one registry: what the server builds accounts from (`broker:` in the YAML). Only the paper
 * broker is loaded up front; each venue adapter, and its client library, is imported when an account needs it.
 */
import type { CCXT_BROKER_FACTORIES } from './ccxt/ccxt-venues.ts';
import { paperFactory } from './paper/paper-broker.ts';
import type { QuoteFeed } from './paper/quote-feed.ts';
import { BrokerRegistry } from './registry.ts';

const CCXT_KINDS: readonly (keyof typeof CCXT_BROKER_FACTORIES)[] = ['binance', 'bybit', 'okx', 'kraken'];

export function defaultBrokerRegistry(feed: QuoteFeed): BrokerRegistry {
  const registry = new BrokerRegistry().register('paper', paperFactory(feed));
  for (const kind of CCXT_KINDS) registry.registerLazy(kind, async () => (await import('./ccxt/ccxt-venues.ts')).CCXT_BROKER_FACTORIES[kind]);
  registry.registerLazy('alpaca', async () => (await import('./alpaca/alpaca-broker.ts')).alpacaFactory);
  registry.registerLazy('ib', async () => (await import('./ib/ib-broker.ts')).ibFactory);
  return registry;
}
