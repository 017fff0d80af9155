/** Binance (spot, and USDⓈ-M perpetuals with `market: swap`) as a ccxt venue, and its broker factory. */
import { pro, type Exchange } from 'ccxt';
import type { BrokerFactory } from '../broker.ts';
import { CcxtBroker } from '../ccxt/ccxt-broker.ts';
import type { CcxtVenueSpec } from '../ccxt/venue-spec.ts';
import { headerValue } from '../common/rate-limiter.ts';
import { binanceStatusOf, binanceWeightPauseMs } from './binance-parse.ts';

export const binanceSpec: CcxtVenueSpec = {
  kind: 'binance',
  create: (args) => new pro.binance(args) as unknown as Exchange,
  marketKinds: ['spot', 'swap'],
  // 6,000 request weight per minute and 100 orders per 10 s: a 50-request burst refilled at 10/s stays under both.
  limits: { capacity: 50, refillPerSecond: 10 },
  durations: ['GTC', 'IOC', 'FOK'],
  // A market order takes no timeInForce at Binance (-1106); it is immediate-or-cancel by nature.
  marketDurations: ['IOC'],
  supportsEditOrder: true,
  editReplacesOrder: true,
  supportsStopOrders: true,
  supportsStopLimitOrders: true,
  supportsBrackets: () => false,
  ccxtOptions: (market) => ({
    defaultType: market === 'spot' ? 'spot' : 'future',
    fetchMarkets: { types: [market === 'spot' ? 'spot' : 'linear'] },
    fetchMargins: false,
    warnOnFetchOpenOrdersWithoutSymbol: false,
  }),
  parseOrderStatus: binanceStatusOf,
  observeHeaders: (headers, limiter) => {
    const pause = binanceWeightPauseMs(headerValue(headers, 'x-mbx-used-weight-1m'), Date.now());
    if (pause > 0) limiter.blockFor(pause);
  },
  // ccxt resolves `authenticate` once the WebSocket API confirms userDataStream.subscribe.signature.
  streamReady: (exchange) => (exchange as unknown as { authenticate: (params: object) => Promise<void> }).authenticate({}),
  // Binance's futures testnet is its demo-trading environment now (ccxt refuses sandbox mode for futures).
  sandbox: (exchange, market) => {
    if (market === 'swap') (exchange as unknown as { enableDemoTrading: (enable: boolean) => void }).enableDemoTrading(true);
    else exchange.setSandboxMode(true);
  },
  // USDⓈ-M stop orders now live in Binance's algo-order service (own ids, own endpoints, own user-stream events),
  // which this adapter does not track: refused rather than placed and lost from sight.
  stopsRefused: (market) =>
    market === 'swap' ? "binance USDⓈ-M stop orders are conditional (algo) orders, which this adapter does not track yet; use a limit order or Binance's own interface" : undefined,
  serverTime: (exchange) => exchange.fetchTime().then((time) => time ?? Date.now()),
  fetchByClientOrderId: (exchange, clientOrderId, symbol) => exchange.fetchOrder('', symbol, { origClientOrderId: clientOrderId }),
  permissionProblem: (info) => (info['canTrade'] === false ? 'the API key is not allowed to trade (enable Spot & Margin Trading)' : undefined),
  clientOrderIdMaxLength: 36,
};

/** `brokers.binance` → a Binance broker (apiKey, secret, testnet, market: spot | swap, quote, …). */
export const binanceFactory: BrokerFactory = (context, options) => new CcxtBroker(binanceSpec, context, options);
