/** Bybit v5 unified account (spot, and USDT perpetuals with `market: swap`) as a ccxt venue, and its factory. */
import { pro, type Exchange } from 'ccxt';
import { OrderType } from '@trading-pro/contracts';
import type { BrokerFactory } from '../broker.ts';
import { CcxtBroker } from '../ccxt/ccxt-broker.ts';
import type { CcxtVenueSpec } from '../ccxt/venue-spec.ts';
import { bybitRateLimitWaitMs, bybitStatusOf } from './bybit-parse.ts';

export const bybitSpec: CcxtVenueSpec = {
  kind: 'bybit',
  create: (args) => new pro.bybit(args) as unknown as Exchange,
  marketKinds: ['spot', 'swap'],
  // Order endpoints allow 10-20 requests/s per UID; 600 requests per 5 s per IP overall.
  limits: { capacity: 20, refillPerSecond: 10 },
  durations: ['GTC', 'IOC', 'FOK'],
  supportsEditOrder: true,
  supportsStopOrders: true,
  supportsStopLimitOrders: true,
  supportsBrackets: () => true,
  ccxtOptions: (market) => ({
    defaultType: market === 'spot' ? 'spot' : 'swap',
    fetchMarkets: { types: [market === 'spot' ? 'spot' : 'linear'] },
    acknowledged: true,
    // The adapter requires a unified trading account (the default for Bybit accounts since 2023).
    enableUnifiedAccount: true,
    enableUnifiedMargin: false,
  }),
  parseOrderStatus: bybitStatusOf,
  // Perpetual triggers need a direction (a stop buy triggers on a rise, a stop sell on a fall); spot infers it.
  stopParams: (stopPrice, side, market) =>
    market === 'spot' ? { triggerPrice: stopPrice } : { triggerPrice: stopPrice, triggerDirection: side === 'buy' ? 'ascending' : 'descending' },
  fetchOrderParams: { acknowledged: true },
  rateLimitSignal: bybitRateLimitWaitMs,
  // Spot stop orders are conditional orders in their own book: cancel (and find) them with orderFilter=StopOrder.
  cancelParams: (order, market) => (market === 'spot' && (order.type === OrderType.Stop || order.type === OrderType.StopLimit) ? { trigger: true } : {}),
  // Bybit's regional sites have their own API hosts (api.<hostname>, stream.<hostname>).
  regions: {
    global: { hostname: 'bybit.com' },
    eu: { hostname: 'bybit.eu' },
    nl: { hostname: 'bybit.nl' },
    tr: { hostname: 'bybit-tr.com' },
    kz: { hostname: 'bybit.kz' },
    ge: { hostname: 'bybitgeorgia.ge' },
    ae: { hostname: 'bybit.ae' },
    hk: { hostname: 'bybit.com.hk' },
  },
  serverTime: (exchange) => exchange.fetchTime().then((time) => time ?? Date.now()),
  clientOrderIdMaxLength: 36,
};

/** `brokers.bybit` → a Bybit broker (apiKey, secret, testnet, market: spot | swap, quote, …). */
export const bybitFactory: BrokerFactory = (context, options) => new CcxtBroker(bybitSpec, context, options);
