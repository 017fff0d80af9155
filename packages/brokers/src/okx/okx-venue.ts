/** OKX v5 (spot, and USDT perpetual swaps with `market: swap`) as a ccxt venue, and its factory. */
import { pro, type Exchange } from 'ccxt';
import type { BrokerFactory } from '../broker.ts';
import { CcxtBroker } from '../ccxt/ccxt-broker.ts';
import type { CcxtVenueSpec } from '../ccxt/venue-spec.ts';
import { okxStatusOf } from './okx-parse.ts';

export const okxSpec: CcxtVenueSpec = {
  kind: 'okx',
  create: (args) => new pro.okx(args) as unknown as Exchange,
  marketKinds: ['spot', 'swap'],
  // Place/amend/cancel: 60 requests per 2 s per instrument; reads 20 per 2 s.
  limits: { capacity: 20, refillPerSecond: 10 },
  durations: ['GTC', 'IOC', 'FOK'],
  supportsEditOrder: true,
  // OKX stops are algo orders with their own ids and endpoints: not mapped by this adapter.
  supportsStopOrders: false,
  supportsStopLimitOrders: false,
  supportsBrackets: () => true,
  ccxtOptions: (market) => ({
    defaultType: market === 'spot' ? 'spot' : 'swap',
    fetchMarkets: { types: [market === 'spot' ? 'spot' : 'swap'] },
  }),
  parseOrderStatus: okxStatusOf,
  // OKX clOrdId: 1-32 letters and digits.
  clientOrderIdMaxLength: 32,
};

/** `brokers.okx` → an OKX broker (apiKey, secret, password = the API passphrase, testnet, market, quote, …). */
export const okxFactory: BrokerFactory = (context, options) => new CcxtBroker(okxSpec, context, options);
