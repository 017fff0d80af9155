/** Kraken spot as a ccxt venue, and its factory (Kraken futures is a separate venue, not covered). */
import { pro, type Exchange } from 'ccxt';
import type { BrokerFactory } from '../broker.ts';
import { CcxtBroker } from '../ccxt/ccxt-broker.ts';
import type { CcxtVenueSpec } from '../ccxt/venue-spec.ts';
import { krakenStatusOf } from './kraken-parse.ts';

export const krakenSpec: CcxtVenueSpec = {
  kind: 'kraken',
  create: (args) => new pro.kraken(args) as unknown as Exchange,
  marketKinds: ['spot'],
  // The private-call counter holds 15 (starter tier) and decays by 0.33 per second.
  limits: { capacity: 15, refillPerSecond: 0.33 },
  durations: ['GTC', 'IOC'],
  supportsEditOrder: true,
  supportsStopOrders: true,
  supportsStopLimitOrders: true,
  supportsBrackets: () => false,
  ccxtOptions: () => ({ defaultType: 'spot' }),
  parseOrderStatus: krakenStatusOf,
  // Kraken cl_ord_id: a UUID or free text of at most 18 characters.
  clientOrderIdMaxLength: 18,
};

/** `brokers.kraken` → a Kraken spot broker (apiKey, secret, quote, …; Kraken has no spot testnet). */
export const krakenFactory: BrokerFactory = (context, options) => new CcxtBroker(krakenSpec, context, options);
