/** The ccxt venues this package ships, for registration with the broker registry. */
import type { BrokerFactory } from '../broker.ts';
import { binanceFactory } from '../binance/binance-venue.ts';
import { bybitFactory } from '../bybit/bybit-venue.ts';
import { krakenFactory } from '../kraken/kraken-venue.ts';
import { okxFactory } from '../okx/okx-venue.ts';

export const CCXT_BROKER_FACTORIES: Readonly<Record<'binance' | 'bybit' | 'okx' | 'kraken', BrokerFactory>> = {
  binance: binanceFactory,
  bybit: bybitFactory,
  okx: okxFactory,
  kraken: krakenFactory,
};

/** Registers every ccxt venue on a registry (`registry.register(kind, factory)`). */
export function registerCcxtBrokers(registry: { register(kind: string, factory: BrokerFactory): unknown }): void {
  for (const [kind, factory] of Object.entries(CCXT_BROKER_FACTORIES)) registry.register(kind, factory);
}
