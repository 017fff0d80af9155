/** Kraken spot as a ccxt venue, and its factory (Kraken futures is a separate venue, not covered). */
import { AuthenticationError, pro, type Exchange } from 'ccxt';
import type { BrokerFactory } from '../broker.ts';
import { CcxtBroker } from '../ccxt/ccxt-broker.ts';
import type { CcxtExchangeArgs, CcxtVenueSpec } from '../ccxt/venue-spec.ts';
import { KRAKEN_TIERS, krakenExtraWeight, krakenRateLimitWaitMs, krakenStatusOf, normalizeKrakenOrder } from './kraken-parse.ts';

function createKraken(args: CcxtExchangeArgs): Exchange {
  // ccxt's own Kraken throttle spaces every call 3 s apart; the adapter's limiter models Kraken's decaying counter instead.
  const exchange = new pro.kraken({ ...args, enableRateLimit: false }) as unknown as Exchange & { nonce: () => number };
  const exact = (exchange.exceptions as { exact: Record<string, unknown> }).exact;
  // A wrong secret: ccxt leaves it a generic error.
  exact['EAPI:Invalid signature'] = AuthenticationError;
  // Kraken refuses a nonce that does not increase; ccxt's is the millisecond, so two calls in one ms collide.
  let last = 0;
  exchange.nonce = () => {
    last = Math.max(Date.now() * 1000, last + 1);
    return last;
  };
  return exchange;
}

export const krakenSpec: CcxtVenueSpec = {
  kind: 'kraken',
  create: createKraken,
  marketKinds: ['spot'],
  // The private-call counter holds 15 (starter tier) and decays by 0.33 per second; `tier` picks another row.
  limits: KRAKEN_TIERS.starter,
  tierLimits: KRAKEN_TIERS,
  rateLimitSignal: krakenRateLimitWaitMs,
  extraWeight: krakenExtraWeight,
  durations: ['GTC', 'IOC'],
  supportsEditOrder: true,
  supportsStopOrders: true,
  supportsStopLimitOrders: true,
  supportsBrackets: () => false,
  ccxtOptions: () => ({ defaultType: 'spot' }),
  parseOrderStatus: krakenStatusOf,
  // A stop is Kraken's `stop-loss` (`stop-loss-limit` with a limit price): it triggers when the price reaches it.
  stopParams: (stopPrice) => ({ stopLossPrice: stopPrice }),
  normalizeOrder: normalizeKrakenOrder,
  // Kraken cl_ord_id: a UUID or free text of at most 18 characters.
  clientOrderIdMaxLength: 18,
};

/** `brokers.kraken` → a Kraken spot broker (apiKey, secret, quote, …; Kraken has no spot testnet). */
export const krakenFactory: BrokerFactory = (context, options) => new CcxtBroker(krakenSpec, context, options);
