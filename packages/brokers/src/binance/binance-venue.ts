/** Binance (spot, and USDⓈ-M perpetuals with `market: swap`) as a ccxt venue, and its broker factory. */
import { pro, type Exchange } from 'ccxt';
import type { BrokerFactory } from '../broker.ts';
import { CcxtBroker } from '../ccxt/ccxt-broker.ts';
import type { CcxtVenueSpec, ConditionalOrderService } from '../ccxt/venue-spec.ts';
import { headerValue } from '../common/rate-limiter.ts';
import { binanceStatusOf, binanceWeightPauseMs } from './binance-parse.ts';

/** Binance USDⓈ-M's algo-order service: conditional orders by `algoId` / `clientAlgoId` (REST) or `aid` / `caid` (stream). */
const binanceAlgoService: ConditionalOrderService = {
  params: { trigger: true },
  byClientId: (clientOrderId) => ({ clientAlgoId: clientOrderId, trigger: true }),
  isServiceOrder: (info) => 'algoId' in info || 'aid' in info,
  triggeredOrderId: (info) => {
    const id = info['actualOrderId'] ?? info['ai'];
    return (typeof id === 'string' || typeof id === 'number') && String(id) !== '' && String(id) !== '0' ? String(id) : undefined;
  },
};

export const binanceSpec: CcxtVenueSpec = {
  kind: 'binance',
  create: (args) => classifyErrorsByPath(new pro.binance(args) as unknown as Exchange),
  marketKinds: ['spot', 'swap'],
  // 6,000 request weight per minute and 100 orders per 10 s: a 50-request burst refilled at 10/s stays under both.
  limits: { capacity: 50, refillPerSecond: 10 },
  durations: ['GTC', 'IOC', 'FOK'],
  // A market order takes no timeInForce at Binance (-1106); it is immediate-or-cancel by nature.
  marketDurations: ['IOC'],
  supportsEditOrder: true,
  // Spot edits are cancel-replace (a new order id); USDⓈ-M modifies a limit order in place (PUT /fapi/v1/order).
  editReplacesOrder: (market) => market === 'spot',
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
  // USDⓈ-M stop orders live in Binance's algo-order service (/fapi/v1/algoOrder, ALGO_UPDATE): ccxt routes them
  // there when asked with `trigger`; a triggered one continues as the book order named in actualOrderId / `ai`.
  conditionalOrders: (market) => (market === 'swap' ? binanceAlgoService : undefined),
  openOrdersEverywhere: (market) => (market === 'swap' ? { type: 'swap', subType: 'linear' } : {}),
  serverTime: (exchange) => exchange.fetchTime().then((time) => time ?? Date.now()),
  fetchByClientOrderId: (exchange, clientOrderId, symbol) => exchange.fetchOrder('', symbol, { origClientOrderId: clientOrderId }),
  permissionProblem: (info) => (info['canTrade'] === false ? 'the API key is not allowed to trade (enable Spot & Margin Trading)' : undefined),
  clientOrderIdMaxLength: 36,
};

/**
 * ccxt picks Binance's error table (spot, USDⓈ-M, COIN-M) by the request's host, so behind a proxy or a base-URL
 * override a USDⓈ-M code such as -2019 (margin insufficient) would lose its meaning; the API path says it as well.
 */
function classifyErrorsByPath(exchange: Exchange): Exchange {
  const target = exchange as unknown as { exceptions: Record<string, Record<string, unknown> | undefined>; getExceptionsByUrl: (url: string, kind: string) => unknown };
  const byHost = target.getExceptionsByUrl.bind(exchange);
  target.getExceptionsByUrl = (url, kind) => {
    const path = url === undefined ? '' : new URL(url).pathname;
    const type = path.startsWith('/fapi/') ? 'linear' : path.startsWith('/dapi/') ? 'inverse' : path.startsWith('/papi/') ? 'portfolioMargin' : undefined;
    return type === undefined ? byHost(url, kind) : (target.exceptions[type]?.[kind] ?? {});
  };
  return exchange;
}

/** `brokers.binance` → a Binance broker (apiKey, secret, testnet, market: spot | swap, quote, …). */
export const binanceFactory: BrokerFactory = (context, options) => new CcxtBroker(binanceSpec, context, options);
