/** Every built-in venue in one registry: what the server builds accounts from (`broker:` in the YAML). */
import { alpacaFactory } from './alpaca/alpaca-broker.ts';
import { registerCcxtBrokers } from './ccxt/ccxt-venues.ts';
import { ibFactory } from './ib/ib-broker.ts';
import { paperFactory } from './paper/paper-broker.ts';
import type { QuoteFeed } from './paper/quote-feed.ts';
import { BrokerRegistry } from './registry.ts';

export function defaultBrokerRegistry(feed: QuoteFeed): BrokerRegistry {
  const registry = new BrokerRegistry().register('paper', paperFactory(feed));
  registerCcxtBrokers(registry);
  registry.register('alpaca', alpacaFactory);
  registry.register('ib', ibFactory);
  return registry;
}
