/**
 * A fake Bybit v5 venue (unified account: spot and linear perpetuals) speaking the documented REST API and the
 * private WebSocket stream, verifying X-BAPI-SIGN (HMAC-SHA256 of timestamp + key + recvWindow + query or body)
 * and the stream's `auth` signature of `GET/realtime` + expires.
 */
import { createHmac } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server.ts';
import { BookRejection, VenueBook, isOpen, text, unrealized, type BookMarket, type BookOrder, type BookTrade } from './venue-book.ts';

export const BYBIT_KEY = 'XXXXXXXXXXXXXXXXXX';
export const BYBIT_SECRET = 'YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY';

const SPOT: BookMarket = { id: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: '0.01', step: '0.000001', minQty: '0.000048', kind: 'spot' };
const LINEAR: BookMarket = { id: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: '0.1', step: '0.001', minQty: '0.001', kind: 'swap' };

export class BybitFake {
  readonly book: VenueBook;
  readonly server: FakeServer;
  readonly category: 'spot' | 'linear';
  streamPaused = false;
  readOnly = false;
  /** The account's linear positions are in hedge mode (positionIdx 1/2 required on orders). */
  hedgeMode = false;
  readonly #subscribers = new Set<WebSocket>();

  constructor(category: 'spot' | 'linear' = 'spot') {
    this.category = category;
    this.book = new VenueBook([category === 'spot' ? SPOT : LINEAR], { USDT: '10000' }, { BTCUSDT: '50000' });
    this.server = new FakeServer((request) => this.#route(request), (socket, path) => this.#onSocket(socket, path));
    this.book.listeners.push((order, trade) => this.#push(order, trade));
  }

  get market(): BookMarket {
    const market = this.book.markets[0];
    if (market === undefined) throw new Error('no market');
    return market;
  }

  start(): Promise<{ httpUrl: string; wsUrl: string }> {
    return this.server.start();
  }

  #route(request: FakeRequest): FakeResponse {
    const { path } = request;
    if (path === '/v5/market/instruments-info') return ok({ category: request.query.get('category'), list: request.query.get('category') === this.category ? [this.#instrument()] : [], nextPageCursor: '' });
    if (path === '/v5/market/tickers') return ok({ category: this.category, list: [this.#ticker()] });
    if (path === '/v5/market/time') return ok({ timeSecond: String(Math.floor(Date.now() / 1000)), timeNano: `${Date.now()}000000` });
    const auth = verify(request);
    if (auth !== undefined) return auth;
    const params: Record<string, string> = request.method === 'GET' ? Object.fromEntries(request.query) : (JSON.parse(request.body || '{}') as Record<string, string>);
    switch (path) {
      case '/v5/account/wallet-balance':
        return ok({ list: [this.#wallet()] });
      case '/v5/order/create':
        return this.#create(params);
      case '/v5/order/cancel':
        return this.#withOrder(params, (order) => {
          if (!isOpen(order)) return fail(110001, 'Order does not exist.');
          // Spot conditional orders live in their own book: a cancel without orderFilter=StopOrder does not find them.
          const conditional = this.category === 'spot' && order.stopPrice !== undefined && !order.triggered;
          if (conditional && params['orderFilter'] !== 'StopOrder') return fail(170213, 'Order does not exist.');
          this.book.cancel(order, Date.now());
          return ok({ orderId: order.orderId, orderLinkId: order.clientOrderId });
        });
      case '/v5/order/amend':
        return this.#withOrder(params, (order) => this.#amend(order, params));
      case '/v5/order/realtime':
        return ok({ category: this.category, list: this.#orders(params, (order) => isOpen(order) || params['orderId'] !== undefined || params['orderLinkId'] !== undefined), nextPageCursor: '' });
      case '/v5/order/history':
        return ok({ category: this.category, list: this.#orders(params, (order) => !isOpen(order)), nextPageCursor: '' });
      case '/v5/execution/list':
        return ok({ category: this.category, list: this.book.trades.filter((trade) => trade.time >= Number(params['startTime'] ?? 0)).reverse().map((trade) => executionJson(trade, this.category)), nextPageCursor: '' });
      case '/v5/position/list':
        return ok({ category: 'linear', list: [this.#position()], nextPageCursor: '' });
      case '/v5/position/set-leverage':
        this.book.setLeverage(this.market.id, Number(params['buyLeverage']));
        return ok({});
      default:
        return { status: 404, body: { retCode: 10001, retMsg: `unknown path ${path}` } };
    }
  }

  #create(params: Record<string, string>): FakeResponse {
    if (this.readOnly) return fail(10005, 'Permission denied, please check your API key permissions.');
    // Hedge-mode positions are addressed by positionIdx (1 buy side, 2 sell side); 0 is one-way mode only.
    if (this.category === 'linear' && this.hedgeMode && !['1', '2'].includes(String(params['positionIdx'] ?? '0'))) {
      return fail(10001, 'position idx not match position mode');
    }
    const trigger = params['triggerPrice'];
    const isLimit = params['orderType'] === 'Limit';
    try {
      const order = this.book.place(
        {
          market: this.market,
          side: params['side'] === 'Sell' ? 'sell' : 'buy',
          type: trigger === undefined ? (isLimit ? 'limit' : 'market') : isLimit ? 'stop_limit' : 'stop',
          qty: params['qty'] ?? '0',
          ...(params['price'] === undefined ? {} : { price: params['price'] }),
          ...(trigger === undefined ? {} : { stopPrice: trigger }),
          ...(params['timeInForce'] === undefined ? {} : { tif: params['timeInForce'] }),
          ...(params['orderLinkId'] === undefined ? {} : { clientOrderId: params['orderLinkId'] }),
        },
        Date.now(),
      );
      return ok({ orderId: order.orderId, orderLinkId: order.clientOrderId });
    } catch (failure) {
      if (!(failure instanceof BookRejection)) throw failure;
      if (failure.reason === 'insufficient') return this.category === 'spot' ? fail(170131, 'Insufficient balance.') : fail(110007, 'ab not enough for new order');
      if (failure.reason === 'duplicate') return fail(110072, 'OrderLinkedID is duplicate');
      return fail(10001, `params error: ${failure.message}`);
    }
  }

  #amend(order: BookOrder, params: Record<string, string>): FakeResponse {
    if (!isOpen(order)) return fail(110001, 'Order does not exist.');
    if (params['price'] !== undefined) order.price = BigInt(Math.round(Number(params['price']) * 1e8));
    if (params['qty'] !== undefined) order.qty = BigInt(Math.round(Number(params['qty']) * 1e8));
    order.updateTime = Date.now();
    this.book.setPrice(this.market.id, text(this.book.price(this.market)), Date.now());
    this.#push(order, undefined);
    return ok({ orderId: order.orderId, orderLinkId: order.clientOrderId });
  }

  #withOrder(params: Record<string, string>, then: (order: BookOrder) => FakeResponse): FakeResponse {
    const order = this.book.find((candidate) => candidate.orderId === params['orderId'] || candidate.clientOrderId === params['orderLinkId']);
    return order === undefined ? fail(110001, 'Order does not exist.') : then(order);
  }

  #orders(params: Record<string, string>, keep: (order: BookOrder) => boolean): unknown[] {
    return this.book.orders
      .filter((order) => (params['orderId'] === undefined || order.orderId === params['orderId']) && (params['orderLinkId'] === undefined || order.clientOrderId === params['orderLinkId']))
      .filter(keep)
      .reverse()
      .map((order) => orderJson(order, this.category));
  }

  #wallet(): unknown {
    const wallet = this.book.balance('USDT');
    const position = this.book.positions.get(this.market.id);
    const upl = position === undefined ? 0n : unrealized(position, this.book.price(this.market));
    const coins = [...this.book.balances.keys()].map((coin) => ({
      coin, equity: text(this.book.balance(coin) + (coin === 'USDT' ? upl : 0n)), usdValue: text(this.book.balance(coin)), walletBalance: text(this.book.balance(coin)),
      free: '', locked: text(this.book.locked(coin)), spotHedgingQty: '0', borrowAmount: '0', accruedInterest: '0', totalOrderIM: '0',
      totalPositionIM: text(coin === 'USDT' ? this.book.marginUsed('USDT') : 0n), totalPositionMM: '0', unrealisedPnl: text(coin === 'USDT' ? upl : 0n),
      cumRealisedPnl: '0', bonus: '0', marginCollateral: true, collateralSwitch: true, availableToWithdraw: '', availableToBorrow: '',
    }));
    return {
      accountType: 'UNIFIED', accountLTV: '0', accountIMRate: '0', accountMMRate: '0', totalEquity: text(wallet + upl), totalWalletBalance: text(wallet),
      totalMarginBalance: text(wallet + upl), totalAvailableBalance: text(this.book.free('USDT')), totalPerpUPL: text(upl), totalInitialMargin: text(this.book.marginUsed('USDT')),
      totalMaintenanceMargin: '0', coin: coins,
    };
  }

  #position(): unknown {
    const position = this.book.positions.get(this.market.id);
    const qty = position?.qty ?? 0n;
    const price = this.book.price(this.market);
    return {
      positionIdx: 0, riskId: 1, riskLimitValue: '2000000', symbol: this.market.id, side: qty === 0n ? '' : qty > 0n ? 'Buy' : 'Sell',
      size: text(qty < 0n ? -qty : qty), avgPrice: text(position?.entry ?? 0n), positionValue: text(((qty < 0n ? -qty : qty) * (position?.entry ?? 0n)) / 100_000_000n),
      tradeMode: 0, positionStatus: 'Normal', autoAddMargin: 0, adlRankIndicator: 2, leverage: String(this.book.leverage(this.market.id)),
      positionBalance: text(this.book.marginUsed('USDT')), markPrice: text(price), liqPrice: '', bustPrice: '', positionMM: '0', positionIM: text(this.book.marginUsed('USDT')),
      tpslMode: 'Full', takeProfit: '0.00', stopLoss: '0.00', trailingStop: '0.00', unrealisedPnl: text(position === undefined ? 0n : unrealized(position, price)),
      curRealisedPnl: '0', cumRealisedPnl: '0', seq: 1, isReduceOnly: false, createdTime: '1676538056258', updatedTime: String(Date.now()),
    };
  }

  #instrument(): unknown {
    if (this.category === 'spot') {
      return {
        symbol: 'BTCUSDT', baseCoin: 'BTC', quoteCoin: 'USDT', innovation: '0', status: 'Trading', marginTrading: 'both', stTag: '0',
        lotSizeFilter: { basePrecision: SPOT.step, quotePrecision: '0.00000001', minOrderQty: SPOT.minQty, maxOrderQty: '71.73956243', minOrderAmt: '1', maxOrderAmt: '2000000' },
        priceFilter: { tickSize: SPOT.tick }, riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
      };
    }
    return {
      symbol: 'BTCUSDT', contractType: 'LinearPerpetual', status: 'Trading', baseCoin: 'BTC', quoteCoin: 'USDT', launchTime: '1585526400000', deliveryTime: '0',
      deliveryFeeRate: '', priceScale: '1', leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
      priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: LINEAR.tick },
      lotSizeFilter: { maxOrderQty: '1190.000', minOrderQty: LINEAR.minQty, qtyStep: LINEAR.step, postOnlyMaxOrderQty: '1190.000', maxMktOrderQty: '500.000', minNotionalValue: '5' },
      unifiedMarginTrade: true, fundingInterval: 480, settleCoin: 'USDT', copyTrading: 'both', upperFundingRate: '0.00375', lowerFundingRate: '-0.00375', isPreListing: false, preListingInfo: null,
    };
  }

  #ticker(): unknown {
    const last = text(this.book.price(this.market));
    return {
      symbol: 'BTCUSDT', lastPrice: last, indexPrice: last, markPrice: last, prevPrice24h: last, price24hPcnt: '0', highPrice24h: last, lowPrice24h: last,
      prevPrice1h: last, openInterest: '0', openInterestValue: '0', turnover24h: '0', volume24h: '0', fundingRate: '0.0001', nextFundingTime: '0',
      bid1Price: last, bid1Size: '1', ask1Price: last, ask1Size: '1',
    };
  }

  #onSocket(socket: WebSocket, path: string): void {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: string; req_id?: string; args?: string[] };
      if (message.op === 'ping') {
        socket.send(JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'fake', req_id: message.req_id, op: 'ping' }));
      } else if (message.op === 'auth' && path === '/v5/private') {
        const [key, expires, signature] = message.args ?? [];
        const valid = key === BYBIT_KEY && hmacHex(`GET/realtime${expires ?? ''}`) === signature;
        socket.send(JSON.stringify({ success: valid, ret_msg: valid ? '' : 'Params Error', op: 'auth', conn_id: 'fake' }));
        if (valid) {
          this.#subscribers.add(socket);
          socket.on('close', () => this.#subscribers.delete(socket));
        }
      } else if (message.op === 'subscribe') {
        socket.send(JSON.stringify({ success: true, ret_msg: '', conn_id: 'fake', req_id: message.req_id, op: 'subscribe' }));
      }
    });
  }

  #push(order: BookOrder, trade: BookTrade | undefined): void {
    if (this.streamPaused) return;
    const frames = [{ id: `o${order.orderId}${order.updateTime}`, topic: 'order', creationTime: Date.now(), data: [{ category: this.category, ...orderJson(order, this.category) }] }];
    if (trade !== undefined) frames.push({ id: `e${trade.id}`, topic: 'execution', creationTime: Date.now(), data: [{ category: this.category, ...executionJson(trade, this.category) }] });
    for (const socket of this.#subscribers) for (const frame of frames) socket.send(JSON.stringify(frame));
  }
}

function verify(request: FakeRequest): FakeResponse | undefined {
  const key = request.headers['x-bapi-api-key'];
  if (key !== BYBIT_KEY) return fail(10003, 'API key is invalid.');
  const timestamp = String(request.headers['x-bapi-timestamp'] ?? '');
  const recvWindow = String(request.headers['x-bapi-recv-window'] ?? '');
  const payload = timestamp + key + recvWindow + (request.method === 'GET' ? request.rawQuery : request.body);
  if (hmacHex(payload) !== request.headers['x-bapi-sign']) return fail(10004, 'error sign! origin_string[...]');
  return undefined;
}

function hmacHex(payload: string): string {
  return createHmac('sha256', BYBIT_SECRET).update(payload).digest('hex');
}

const STATUS: Record<BookOrder['status'], string> = {
  new: 'New', partially_filled: 'PartiallyFilled', filled: 'Filled', canceled: 'Cancelled', rejected: 'Rejected', expired: 'Cancelled',
};

function orderJson(order: BookOrder, category: string): Record<string, unknown> {
  const remaining = order.qty - order.filled;
  const average = order.filled === 0n ? 0n : (order.cost * 100_000_000n) / order.filled;
  return {
    orderId: order.orderId, orderLinkId: order.clientOrderId, blockTradeId: '', symbol: order.market.id, price: text(order.price ?? 0n), qty: text(order.qty),
    side: order.side === 'buy' ? 'Buy' : 'Sell', isLeverage: '', positionIdx: 0, orderStatus: order.stopPrice !== undefined && !order.triggered ? 'Untriggered' : STATUS[order.status],
    cancelType: 'UNKNOWN', rejectReason: 'EC_NoError', avgPrice: text(average), leavesQty: text(isOpen(order) ? remaining : 0n), leavesValue: '0',
    cumExecQty: text(order.filled), cumExecValue: text(order.cost), cumExecFee: '0', timeInForce: order.type === 'market' ? 'IOC' : order.tif,
    orderType: order.price === undefined ? 'Market' : 'Limit', stopOrderType: order.stopPrice === undefined ? '' : 'Stop', orderIv: '',
    triggerPrice: text(order.stopPrice ?? 0n), takeProfit: '', stopLoss: '', tpTriggerBy: '', slTriggerBy: '', triggerDirection: order.stopPrice === undefined ? 0 : order.side === 'buy' ? 1 : 2,
    triggerBy: '', lastPriceOnCreated: '', reduceOnly: false, closeOnTrigger: false, smpType: 'None', smpGroup: 0, smpOrderId: '', tpslMode: '', tpLimitPrice: '',
    slLimitPrice: '', placeType: '', marketUnit: category === 'spot' && order.price === undefined ? 'baseCoin' : '', createdTime: String(order.createTime), updatedTime: String(order.updateTime),
  };
}

function executionJson(trade: BookTrade, _category: string): Record<string, unknown> {
  const order = trade.order;
  return {
    symbol: order.market.id, orderType: order.price === undefined ? 'Market' : 'Limit', underlyingPrice: '', orderLinkId: order.clientOrderId, side: order.side === 'buy' ? 'Buy' : 'Sell',
    indexPrice: '', orderId: order.orderId, stopOrderType: 'UNKNOWN', leavesQty: text(order.qty - order.filled), execTime: String(trade.time), feeCurrency: 'USDT',
    isMaker: false, execFee: text(trade.fee), feeRate: '0.001', execId: `e-${trade.id}`, tradeIv: '', blockTradeId: '', markPrice: text(trade.price), execPrice: text(trade.price), markIv: '',
    orderQty: text(order.qty), orderPrice: text(order.price ?? 0n), execValue: text((trade.price * trade.qty) / 100_000_000n), execType: 'Trade', execQty: text(trade.qty), closedSize: '', seq: Number(trade.id),
  };
}

function ok(result: unknown): FakeResponse {
  return { status: 200, body: { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: Date.now() } };
}

function fail(retCode: number, retMsg: string): FakeResponse {
  return { status: 200, body: { retCode, retMsg, result: {}, retExtInfo: {}, time: Date.now() } };
}

/** Bybit's answer when the IP is over its limit. */
/** Bybit's per-UID rate-limit answer: HTTP 200, retCode 10006, the reset time in `X-Bapi-Limit-Reset-Timestamp`. */
export function bybitTooManyRequests(retryAfterS: number): FakeResponse {
  const reset = Date.now() + retryAfterS * 1_000;
  return {
    status: 200,
    headers: { 'x-bapi-limit': '10', 'x-bapi-limit-status': '0', 'x-bapi-limit-reset-timestamp': String(reset) },
    body: { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: Date.now() },
  };
}

/** Bybit's IP ban (over 600 requests in 5 s): HTTP 403 "access too frequent", lifted after at least 10 minutes. */
export function bybitIpBan(): FakeResponse {
  return { status: 403, headers: { 'content-type': 'text/plain' }, body: '403 Forbidden: access too frequent' };
}
