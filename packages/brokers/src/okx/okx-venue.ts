/** OKX v5 (spot, and USDT perpetual swaps with `market: swap`) as a ccxt venue, and its factory. */
import { PermissionDenied, pro, type Exchange } from 'ccxt';
import type { BrokerFactory } from '../broker.ts';
import { CcxtBroker } from '../ccxt/ccxt-broker.ts';
import type { CcxtVenueSpec } from '../ccxt/venue-spec.ts';
import { okxCashBalance, okxChargedFee, okxPositionMode, okxPermissionProblem, okxRateLimitWaitMs, okxStatusOf } from './okx-parse.ts';

function createOkx(args: ConstructorParameters<typeof pro.okx>[0]): Exchange {
  const exchange = new pro.okx(args) as unknown as Exchange;
  // 50120 "API key doesn't have permission": ccxt leaves it a generic error; it is a permission refusal.
  (exchange.exceptions as { exact: Record<string, unknown> }).exact['50120'] = PermissionDenied;
  return exchange;
}

export const okxSpec: CcxtVenueSpec = {
  kind: 'okx',
  create: (args) => createOkx(args),
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
    // One order per request on POST /api/v5/trade/order (ccxt's default is the batch endpoint).
    createOrder: 'privatePostTradeOrder',
  }),
  parseOrderStatus: okxStatusOf,
  fetchByClientOrderId: (exchange, clientOrderId, symbol) => exchange.fetchOrder('', symbol, { clOrdId: clientOrderId }),
  // ccxt resolves `authenticate` once the private socket's login is confirmed.
  streamReady: async (exchange) => {
    await (exchange as unknown as { authenticate: (params: object) => Promise<unknown> }).authenticate({ access: 'private' });
  },
  tradePermissionProblem: async (exchange) => {
    const accounts = await exchange.fetchAccounts();
    return okxPermissionProblem(accounts[0]?.info);
  },
  cashBalance: okxCashBalance,
  // account/config `posMode`: long_short_mode accounts need posSide on every swap order (51000 otherwise).
  positionMode: async (exchange) => {
    const accounts = await exchange.fetchAccounts();
    return okxPositionMode(accounts[0]?.info);
  },
  // OKX's EEA and US entities have their own domains (REST and WebSocket).
  regions: {
    global: { hostname: 'www.okx.com', wsHost: 'ws.okx.com' },
    eea: { hostname: 'eea.okx.com', wsHost: 'wseea.okx.com' },
    us: { hostname: 'us.okx.com', wsHost: 'wsus.okx.com' },
  },
  rateLimitSignal: okxRateLimitWaitMs,
  serverTime: (exchange) => exchange.fetchTime().then((time) => time ?? Date.now()),
  tradeFee: okxChargedFee,
  // OKX clOrdId: 1-32 letters and digits.
  clientOrderIdMaxLength: 32,
};

/** `brokers.okx` → an OKX broker (apiKey, secret, password = the API passphrase, testnet, market, quote, …). */
export const okxFactory: BrokerFactory = (context, options) => new CcxtBroker(okxSpec, context, options);
