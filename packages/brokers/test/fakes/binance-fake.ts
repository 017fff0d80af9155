/**
 * A fake Binance spot venue speaking the documented REST API v3 and the WebSocket API user data stream
 * (`userDataStream.subscribe.signature`), with HMAC-SHA256 signatures verified as Binance does.
 */
import { createHmac } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server.ts';
import { BookRejection, VenueBook, isOpen, text, type BookMarket, type BookOrder, type BookTrade, type PlaceRequest } from './venue-book.ts';

export const BINANCE_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
export const BINANCE_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

const BTCUSDT: BookMarket = { id: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: '0.01', step: '0.00001', minQty: '0.00001', kind: 'spot' };

export class BinanceFake {
  readonly book = new VenueBook([BTCUSDT], { USDT: '10000', BNB: '0' }, { BTCUSDT: '50000' });
  readonly server: FakeServer;
  /** Pushes dropped while true (a stream that silently misses events). */
  streamPaused = false;
  canTrade = true;
  /** How far the venue's clock runs ahead of ours (ms): requests outside recvWindow are refused with -1021. */
  clockSkewMs = 0;
  /** The request weight used this minute, reported in `X-MBX-USED-WEIGHT-1M` on every answer. */
  usedWeight = 1;
  readonly #subscribers = new Set<WebSocket>();

  constructor() {
    this.server = new FakeServer((request) => this.#route(request), (socket, path) => this.#onSocket(socket, path));
    this.book.listeners.push((order, trade) => this.#push(order, trade));
  }

  start(): Promise<{ httpUrl: string; wsUrl: string }> {
    return this.server.start();
  }

  #route(request: FakeRequest): FakeResponse {
    const response = this.#answer(request);
    return response.status === 200 ? { ...response, headers: { ...response.headers, 'x-mbx-used-weight-1m': String(this.usedWeight) } } : response;
  }

  #answer(request: FakeRequest): FakeResponse {
    const { method, path } = request;
    if (path === '/api/v3/exchangeInfo') return ok(exchangeInfo());
    if (path === '/api/v3/ping') return ok({});
    if (path === '/api/v3/time') return ok({ serverTime: Date.now() + this.clockSkewMs });
    if (path === '/api/v3/ticker/24hr') return ok(ticker(this.book, request.query.get('symbol') ?? 'BTCUSDT'));
    const params = signedParams(request, Date.now() + this.clockSkewMs);
    if (!(params instanceof URLSearchParams)) return params;
    if (path === '/api/v3/account') return ok(this.#account());
    if (path === '/api/v3/order' && method === 'POST') return this.#newOrder(params);
    if (path === '/api/v3/order' && method === 'GET') return this.#withOrder(params, (order) => ok(orderJson(order)));
    if (path === '/api/v3/order' && method === 'DELETE') return this.#withOrder(params, (order) => this.#cancel(order, params));
    if (path === '/api/v3/order/cancelReplace') return this.#cancelReplace(params);
    if (path === '/api/v3/openOrders') return ok(this.book.orders.filter((order) => isOpen(order) && matches(order, params)).map(orderJson));
    if (path === '/api/v3/allOrders') return ok(this.book.orders.filter((order) => matches(order, params)).map(orderJson));
    if (path === '/api/v3/myTrades') return ok(this.#trades(params));
    return { status: 404, body: { code: -1000, msg: `unknown path ${path}` } };
  }

  #account(): unknown {
    const assets = [...this.book.balances.keys()];
    return {
      makerCommission: 0, takerCommission: 0, buyerCommission: 0, sellerCommission: 0,
      commissionRates: { maker: '0.00000000', taker: '0.00000000', buyer: '0.00000000', seller: '0.00000000' },
      canTrade: this.canTrade, canWithdraw: true, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false,
      updateTime: Date.now(), accountType: 'SPOT',
      balances: assets.map((asset) => ({ asset, free: text(this.book.free(asset)), locked: text(this.book.locked(asset)) })),
      permissions: ['SPOT'], uid: 354937868,
    };
  }

  #newOrder(params: URLSearchParams): FakeResponse {
    const market = this.book.market(params.get('symbol') ?? '');
    if (market === undefined) return error(400, -1121, 'Invalid symbol.');
    const type = params.get('type') ?? '';
    const bookType = ({ MARKET: 'market', LIMIT: 'limit', STOP_LOSS: 'stop', STOP_LOSS_LIMIT: 'stop_limit' } as const)[type as 'MARKET'];
    if (bookType === undefined) return error(400, -1116, 'Invalid orderType.');
    // Binance refuses a time in force on market orders (they are immediate by nature).
    if (type === 'MARKET' && params.has('timeInForce')) return error(400, -1106, "Parameter 'timeInForce' sent when not required.");
    try {
      const order = this.book.place({ ...placeRequest(market, bookType, params), ...optional('stopPrice', params.get('stopPrice')), ...optional('tif', params.get('timeInForce')) }, Date.now());
      const fills = this.book.trades.filter((trade) => trade.order === order);
      return ok({ ...orderJson(order), transactTime: order.createTime, fills: fills.map(fillJson) });
    } catch (failure) {
      if (failure instanceof BookRejection) return error(400, failure.reason === 'invalid' ? -1013 : -2010, failure.message);
      throw failure;
    }
  }

  #withOrder(params: URLSearchParams, then: (order: BookOrder) => FakeResponse): FakeResponse {
    return withOrder(this.book, params, then);
  }

  #cancel(order: BookOrder, params: URLSearchParams): FakeResponse {
    if (!isOpen(order)) return error(400, -2011, 'Unknown order sent.');
    this.book.cancel(order, Date.now());
    return ok({ ...orderJson(order), origClientOrderId: order.clientOrderId, clientOrderId: params.get('newClientOrderId') ?? `cancel${order.orderId}` });
  }

  #cancelReplace(params: URLSearchParams): FakeResponse {
    const order = this.book.find((candidate) => candidate.orderId === params.get('cancelOrderId'));
    if (order === undefined || !isOpen(order)) return error(400, -2022, 'Order cancel-replace failed.');
    this.book.cancel(order, Date.now());
    const placed = this.#newOrder(params);
    const placedOk = placed.status === 200;
    return {
      status: placedOk ? 200 : 409,
      body: { cancelResult: 'SUCCESS', newOrderResult: placedOk ? 'SUCCESS' : 'FAILURE', cancelResponse: orderJson(order), newOrderResponse: placed.body },
    };
  }

  #trades(params: URLSearchParams): unknown[] {
    const start = Number(params.get('startTime') ?? 0);
    const end = Number(params.get('endTime') ?? Number.MAX_SAFE_INTEGER);
    return this.book.trades
      .filter((trade) => trade.order.market.id === params.get('symbol') && trade.time >= start && trade.time <= end)
      .map((trade) => ({
        symbol: trade.order.market.id, id: Number(trade.id), orderId: Number(trade.order.orderId), orderListId: -1,
        price: text(trade.price), qty: text(trade.qty), quoteQty: text((trade.price * trade.qty) / 100_000_000n),
        commission: text(trade.fee), commissionAsset: 'USDT', time: trade.time, isBuyer: trade.order.side === 'buy', isMaker: false, isBestMatch: true,
      }));
  }

  #onSocket(socket: WebSocket, path: string): void {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { id: string; method: string; params: Record<string, string> };
      if (path !== '/ws-api/v3' || message.method !== 'userDataStream.subscribe.signature') {
        socket.send(JSON.stringify({ id: message.id, status: 400, error: { code: -1100, msg: 'unsupported' } }));
        return;
      }
      const { signature, ...signed } = message.params;
      const payload = Object.keys(signed).sort().map((key) => `${key}=${signed[key] ?? ''}`).join('&');
      if (signed['apiKey'] !== BINANCE_KEY || hmacHex(payload) !== signature) {
        socket.send(JSON.stringify({ id: message.id, status: 401, error: { code: -1022, msg: 'Signature for this request is not valid.' } }));
        return;
      }
      this.#subscribers.add(socket);
      socket.on('close', () => this.#subscribers.delete(socket));
      socket.send(JSON.stringify({ id: message.id, status: 200, result: { subscriptionId: 0 } }));
    });
  }

  #push(order: BookOrder, trade: BookTrade | undefined): void {
    if (this.streamPaused) return;
    const event = { subscriptionId: 0, event: executionReport(order, trade) };
    for (const socket of this.#subscribers) socket.send(JSON.stringify(event));
  }
}

/** What a new-order request asks of the book: symbol, side, type, quantity, price and client id as Binance names them. */
export function placeRequest(market: BookMarket, type: BookOrder['type'], params: URLSearchParams): PlaceRequest {
  return {
    market,
    side: params.get('side') === 'SELL' ? 'sell' : 'buy',
    type,
    qty: params.get('quantity') ?? '0',
    ...optional('price', params.get('price')),
    ...optional('clientOrderId', params.get('newClientOrderId')),
  };
}

/** The order a request names by `orderId` or `origClientOrderId` (spot and USDⓈ-M alike), else -2013. */
export function withOrder(book: VenueBook, params: URLSearchParams, then: (order: BookOrder) => FakeResponse): FakeResponse {
  const orderId = params.get('orderId');
  const clientId = params.get('origClientOrderId');
  const order = book.find((candidate) => (orderId !== null && candidate.orderId === orderId) || (clientId !== null && candidate.clientOrderId === clientId));
  return order === undefined ? error(400, -2013, 'Order does not exist.') : then(order);
}

/** A private request's parameters once its key, signature and timestamp pass, else Binance's refusal. */
export function signedParams(request: FakeRequest, serverTime: number): URLSearchParams | FakeResponse {
  const auth = verify(request);
  if (auth !== undefined) return auth;
  const params = new URLSearchParams(request.rawQuery || request.body);
  return checkTimestamp(params, serverTime) ?? params;
}

export function verify(request: FakeRequest): FakeResponse | undefined {
  if (request.headers['x-mbx-apikey'] !== BINANCE_KEY) return error(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  const total = request.rawQuery + request.body;
  const match = /&?signature=([0-9a-f]+)/.exec(total);
  const payload = (request.rawQuery + request.body).replace(/&?signature=[0-9a-f]+/, '');
  if (match === null || hmacHex(payload) !== match[1]) return error(400, -1022, 'Signature for this request is not valid.');
  return undefined;
}

/** Binance's timing security: `timestamp` within `recvWindow` (default 5,000 ms) and not over 1 s ahead. */
export function checkTimestamp(params: URLSearchParams, serverTime: number): FakeResponse | undefined {
  const timestamp = Number(params.get('timestamp'));
  const recvWindow = Number(params.get('recvWindow') ?? 5_000);
  if (!Number.isFinite(timestamp)) return error(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  if (timestamp > serverTime + 1_000 || serverTime - timestamp > recvWindow) return error(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  return undefined;
}

export function hmacHex(payload: string): string {
  return createHmac('sha256', BINANCE_SECRET).update(payload).digest('hex');
}

const STATUS: Record<BookOrder['status'], string> = {
  new: 'NEW', partially_filled: 'PARTIALLY_FILLED', filled: 'FILLED', canceled: 'CANCELED', rejected: 'REJECTED', expired: 'EXPIRED',
};
const TYPE: Record<BookOrder['type'], string> = { market: 'MARKET', limit: 'LIMIT', stop: 'STOP_LOSS', stop_limit: 'STOP_LOSS_LIMIT' };

function orderJson(order: BookOrder): Record<string, unknown> {
  return {
    symbol: order.market.id, orderId: Number(order.orderId), orderListId: -1, clientOrderId: order.clientOrderId,
    price: text(order.price ?? 0n), origQty: text(order.qty), executedQty: text(order.filled), cummulativeQuoteQty: text(order.cost),
    status: STATUS[order.status], timeInForce: order.tif, type: TYPE[order.type], side: order.side.toUpperCase(),
    stopPrice: text(order.stopPrice ?? 0n), icebergQty: '0.00000000', time: order.createTime, updateTime: order.updateTime,
    isWorking: isOpen(order), workingTime: order.createTime, origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'NONE',
  };
}

function fillJson(trade: BookTrade): unknown {
  return { price: text(trade.price), qty: text(trade.qty), commission: text(trade.fee), commissionAsset: 'USDT', tradeId: Number(trade.id) };
}

function executionReport(order: BookOrder, trade: BookTrade | undefined): unknown {
  return {
    e: 'executionReport', E: Date.now(), s: order.market.id, c: order.clientOrderId, S: order.side.toUpperCase(), o: TYPE[order.type],
    f: order.tif, q: text(order.qty), p: text(order.price ?? 0n), P: text(order.stopPrice ?? 0n), F: '0.00000000', g: -1, C: '',
    x: trade !== undefined ? 'TRADE' : order.status === 'new' ? 'NEW' : STATUS[order.status], X: STATUS[order.status], r: 'NONE',
    i: Number(order.orderId), l: text(trade?.qty ?? 0n), z: text(order.filled), L: text(trade?.price ?? 0n), n: text(trade?.fee ?? 0n), N: trade === undefined ? null : 'USDT',
    T: trade?.time ?? order.updateTime, t: trade === undefined ? -1 : Number(trade.id), v: 3, I: 8641984, w: isOpen(order), m: false, M: false,
    O: order.createTime, Z: text(order.cost), Y: text(trade === undefined ? 0n : (trade.price * trade.qty) / 100_000_000n), Q: '0.00000000',
    W: order.createTime, V: 'NONE',
  };
}

function ticker(book: VenueBook, symbol: string): unknown {
  const last = text(book.prices.get(symbol) ?? 0n);
  return {
    symbol, priceChange: '0.00000000', priceChangePercent: '0.000', weightedAvgPrice: last, prevClosePrice: last, lastPrice: last, lastQty: '0.01000000',
    bidPrice: last, bidQty: '1.00000000', askPrice: last, askQty: '1.00000000', openPrice: last, highPrice: last, lowPrice: last,
    volume: '100.00000000', quoteVolume: '5000000.00000000', openTime: Date.now() - 86_400_000, closeTime: Date.now(), firstId: 1, lastId: 2, count: 2,
  };
}

function exchangeInfo(): unknown {
  return {
    timezone: 'UTC', serverTime: Date.now(),
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
    ],
    exchangeFilters: [],
    symbols: [
      {
        symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', baseAssetPrecision: 8, quoteAsset: 'USDT', quotePrecision: 8, quoteAssetPrecision: 8,
        baseCommissionPrecision: 8, quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true, ocoAllowed: true, otoAllowed: true, quoteOrderQtyMarketAllowed: true, allowTrailingStop: true, cancelReplaceAllowed: true,
        isSpotTradingAllowed: true, isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
          { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
          { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        ],
        permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      },
    ],
  };
}

function matches(order: BookOrder, params: URLSearchParams): boolean {
  const symbol = params.get('symbol');
  return symbol === null || order.market.id === symbol;
}

export function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}

export function ok(body: unknown): FakeResponse {
  return { status: 200, body, headers: { 'x-mbx-used-weight-1m': '1' } };
}

export function error(status: number, code: number, msg: string): FakeResponse {
  return { status, body: { code, msg } };
}

/** Binance's documented 429 answer. */
export function binanceTooManyRequests(retryAfterS: number): FakeResponse {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterS) },
    body: { code: -1003, msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use WebSocket Streams for live updates to avoid polling the API.' },
  };
}
