/**
 * A fake Binance USDⓈ-M futures venue: the documented `/fapi` REST API (exchange info, account v3, position risk
 * v3, orders, user trades, leverage, listen key), the listen-key user stream (`ORDER_TRADE_UPDATE`,
 * `ALGO_UPDATE`) and the algo-order service that holds conditional orders since Binance moved them there:
 * `POST/GET/DELETE /fapi/v1/algoOrder` and `GET /fapi/v1/openAlgoOrders`. A conditional type sent to
 * `/fapi/v1/order` is refused with -4120 as Binance does; a triggered algo order becomes a regular order in the
 * matching engine (its id in `actualOrderId`, its own client id) whose fills are the algo order's fills.
 */
import type { WebSocket } from 'ws';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server.ts';
import { error, ok, optional, placeRequest, signedParams, withOrder } from './binance-fake.ts';
import { parseFixed } from '@trading-pro/contracts';
import { BookRejection, VenueBook, isOpen, text, type BookMarket, type BookOrder, type BookTrade } from './venue-book.ts';
import { algoJson, exchangeInfo, orderJson, orderUpdate, ticker } from './binance-futures-wire.ts';

const BTCUSDT: BookMarket = { id: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: '0.1', step: '0.001', minQty: '0.001', kind: 'swap' };
const CONDITIONAL_TYPES = new Set(['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET']);
const CLIENT_ALGO_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

export type AlgoStatus = 'NEW' | 'CANCELED' | 'TRIGGERING' | 'TRIGGERED' | 'FINISHED' | 'REJECTED' | 'EXPIRED';

/** A conditional order held by the algo service until its trigger price trades. */
export interface FakeAlgoOrder {
  readonly algoId: number;
  readonly clientAlgoId: string;
  readonly market: BookMarket;
  readonly side: 'BUY' | 'SELL';
  readonly orderType: string;
  readonly quantity: string;
  readonly triggerPrice: string;
  readonly price: string | undefined;
  readonly timeInForce: string;
  readonly reduceOnly: boolean;
  status: AlgoStatus;
  actualOrderId: string;
  rejectReason: string;
  readonly createTime: number;
  updateTime: number;
  triggerTime: number;
}

export class BinanceFuturesFake {
  readonly book = new VenueBook([BTCUSDT], { USDT: '10000' }, { BTCUSDT: '50000' });
  readonly server: FakeServer;
  readonly algoOrders: FakeAlgoOrder[] = [];
  /** Pushes dropped while true (a stream that silently misses events). */
  streamPaused = false;
  /**
   * Binance does not promise which push of a trigger comes first. Undefined: the ALGO_UPDATE naming the new book order
   * first; a number: the book order's updates and fills first, the trigger's ALGO_UPDATEs that many ms later.
   */
  triggerUpdateLagMs: number | undefined;
  /** How far the venue's clock runs ahead of ours (ms). */
  clockSkewMs = 0;
  readonly #subscribers = new Set<WebSocket>();
  readonly #listenKey = 'pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1';
  #nextAlgoId = 3_000;
  /** Book pushes held back while an algo order triggers, so its ALGO_UPDATE comes first (as TRIGGERED precedes fills). */
  #held: (() => void)[] | undefined;

  constructor() {
    this.server = new FakeServer((request) => this.#route(request), (socket, path, query) => this.#onSocket(socket, path, query));
    this.book.listeners.push((order, trade) => this.#onBook(order, trade));
    this.book.priceListeners.push((marketId, now) => this.#trigger(marketId, now));
  }

  start(): Promise<{ httpUrl: string; wsUrl: string }> {
    return this.server.start();
  }

  /** The algo order placed under a client algo id. */
  algo(clientAlgoId: string): FakeAlgoOrder | undefined {
    return this.algoOrders.find((order) => order.clientAlgoId === clientAlgoId);
  }

  #route(request: FakeRequest): FakeResponse {
    const response = this.#answer(request);
    return response.status === 200 ? { ...response, headers: { ...response.headers, 'x-mbx-used-weight-1m': '1' } } : response;
  }

  #answer(request: FakeRequest): FakeResponse {
    const { method, path } = request;
    if (path === '/fapi/v1/exchangeInfo') return ok(exchangeInfo());
    if (path === '/fapi/v1/ping') return ok({});
    if (path === '/fapi/v1/time') return ok({ serverTime: Date.now() + this.clockSkewMs });
    if (path === '/fapi/v1/ticker/24hr') return ok(ticker(this.book, request.query.get('symbol') ?? 'BTCUSDT'));
    if (path === '/fapi/v1/listenKey' && request.headers['x-mbx-apikey'] !== undefined) return ok({ listenKey: this.#listenKey });
    const params = signedParams(request, Date.now() + this.clockSkewMs);
    if (!(params instanceof URLSearchParams)) return params;
    if (path === '/fapi/v3/account' || path === '/fapi/v2/account') return ok(this.#account());
    if (path === '/fapi/v3/positionRisk' || path === '/fapi/v2/positionRisk') return ok(this.#positionRisk());
    if (path === '/fapi/v1/leverage' && method === 'POST') return this.#setLeverage(params);
    if (path === '/fapi/v1/leverageBracket') return ok([{ symbol: 'BTCUSDT', notionalCoef: 1, brackets: [{ bracket: 1, initialLeverage: 125, notionalCap: 50_000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0 }] }]);
    if (path === '/fapi/v1/symbolConfig') return ok([{ symbol: 'BTCUSDT', marginType: 'CROSSED', isAutoAddMargin: 'false', leverage: this.book.leverage('BTCUSDT'), maxNotionalValue: '1000000' }]);
    if (path === '/fapi/v1/order' && method === 'POST') return this.#newOrder(params);
    if (path === '/fapi/v1/order' && method === 'GET') return this.#withOrder(params, (order) => ok(orderJson(order)));
    if (path === '/fapi/v1/order' && method === 'PUT') return this.#withOrder(params, (order) => this.#modify(order, params));
    if (path === '/fapi/v1/order' && method === 'DELETE') return this.#withOrder(params, (order) => this.#cancel(order));
    if (path === '/fapi/v1/openOrders') return ok(this.book.orders.filter((order) => isOpen(order) && bySymbol(order.market, params)).map(orderJson));
    if (path === '/fapi/v1/allOrders') return ok(this.book.orders.filter((order) => bySymbol(order.market, params)).map(orderJson));
    if (path === '/fapi/v1/userTrades') return ok(this.#trades(params));
    if (path === '/fapi/v1/algoOrder' && method === 'POST') return this.#newAlgoOrder(params);
    if (path === '/fapi/v1/algoOrder' && method === 'GET') return this.#withAlgo(params, (order) => ok(algoJson(order)));
    if (path === '/fapi/v1/algoOrder' && method === 'DELETE') return this.#withAlgo(params, (order) => this.#cancelAlgo(order));
    if (path === '/fapi/v1/openAlgoOrders') return ok(this.algoOrders.filter((order) => order.status === 'NEW' && bySymbol(order.market, params)).map(algoJson));
    if (path === '/fapi/v1/allAlgoOrders') return ok(this.algoOrders.filter((order) => bySymbol(order.market, params)).map(algoJson));
    return { status: 404, body: { code: -1000, msg: `unknown path ${path}` } };
  }

  #account(): unknown {
    const wallet = this.book.balance('USDT');
    const unrealized = this.#unrealized();
    const margin = this.book.marginUsed('USDT');
    const available = wallet + unrealized - margin - this.book.locked('USDT');
    return {
      totalInitialMargin: text(margin), totalMaintMargin: '0', totalWalletBalance: text(wallet), totalUnrealizedProfit: text(unrealized),
      totalMarginBalance: text(wallet + unrealized), totalPositionInitialMargin: text(margin), totalOpenOrderInitialMargin: '0',
      totalCrossWalletBalance: text(wallet), totalCrossUnPnl: text(unrealized), availableBalance: text(available), maxWithdrawAmount: text(available),
      assets: [{
        asset: 'USDT', walletBalance: text(wallet), unrealizedProfit: text(unrealized), marginBalance: text(wallet + unrealized), maintMargin: '0',
        initialMargin: text(margin), positionInitialMargin: text(margin), openOrderInitialMargin: '0', crossWalletBalance: text(wallet),
        crossUnPnl: text(unrealized), availableBalance: text(available), maxWithdrawAmount: text(available), updateTime: Date.now(),
      }],
      positions: [...this.book.positions.entries()].filter(([, position]) => position.qty !== 0n).map(([symbol, position]) => ({
        symbol, positionSide: 'BOTH', positionAmt: text(position.qty), unrealizedProfit: text(this.#unrealizedOf(symbol)), isolatedMargin: '0',
        notional: text((position.qty * (this.book.prices.get(symbol) ?? 0n)) / 100_000_000n), isolatedWallet: '0', initialMargin: '0', maintMargin: '0', updateTime: Date.now(),
      })),
    };
  }

  #positionRisk(): unknown[] {
    return [...this.book.positions.entries()].filter(([, position]) => position.qty !== 0n).map(([symbol, position]) => {
      const mark = this.book.prices.get(symbol) ?? 0n;
      return {
        symbol, positionSide: 'BOTH', positionAmt: text(position.qty), entryPrice: text(position.entry), breakEvenPrice: text(position.entry), markPrice: text(mark),
        unRealizedProfit: text(this.#unrealizedOf(symbol)), liquidationPrice: '0', isolatedMargin: '0', notional: text((position.qty * mark) / 100_000_000n),
        marginAsset: 'USDT', isolatedWallet: '0', initialMargin: '0', maintMargin: '0', positionInitialMargin: '0', openOrderInitialMargin: '0', adl: 0,
        bidNotional: '0', askNotional: '0', updateTime: Date.now(),
      };
    });
  }

  #unrealized(): bigint {
    let total = 0n;
    for (const symbol of this.book.positions.keys()) total += this.#unrealizedOf(symbol);
    return total;
  }

  #unrealizedOf(symbol: string): bigint {
    const position = this.book.positions.get(symbol);
    if (position === undefined) return 0n;
    return ((this.book.prices.get(symbol) ?? 0n) - position.entry) * position.qty / 100_000_000n;
  }

  #setLeverage(params: URLSearchParams): FakeResponse {
    const leverage = Number(params.get('leverage'));
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) return error(400, -4028, 'Leverage is not valid');
    this.book.setLeverage(params.get('symbol') ?? '', leverage);
    return ok({ leverage, maxNotionalValue: '1000000', symbol: params.get('symbol') });
  }

  #newOrder(params: URLSearchParams): FakeResponse {
    const market = this.book.market(params.get('symbol') ?? '');
    if (market === undefined) return error(400, -1121, 'Invalid symbol.');
    const type = params.get('type') ?? '';
    // Binance moved conditional orders to the algo service: the order endpoint refuses them.
    if (CONDITIONAL_TYPES.has(type)) return error(400, -4120, 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.');
    const bookType = ({ MARKET: 'market', LIMIT: 'limit' } as const)[type as 'MARKET'];
    if (bookType === undefined) return error(400, -1116, 'Invalid orderType.');
    try {
      const tif = optional('tif', type === 'MARKET' ? null : params.get('timeInForce'));
      const order = this.book.place({ ...placeRequest(market, bookType, params), ...tif, reduceOnly: params.get('reduceOnly') === 'true' }, Date.now());
      return ok(orderJson(order));
    } catch (failure) {
      if (failure instanceof BookRejection) {
        if (failure.reason === 'insufficient') return error(400, -2019, 'Margin is insufficient.');
        return error(400, failure.reason === 'duplicate' ? -4116 : -1013, failure.message);
      }
      throw failure;
    }
  }

  #withOrder(params: URLSearchParams, then: (order: BookOrder) => FakeResponse): FakeResponse {
    return withOrder(this.book, params, then);
  }

  #cancel(order: BookOrder): FakeResponse {
    if (!isOpen(order)) return error(400, -2011, 'Unknown order sent.');
    this.book.cancel(order, Date.now());
    return ok(orderJson(order));
  }

  /** PUT /fapi/v1/order: a LIMIT order's price and quantity changed in place (same orderId). */
  #modify(order: BookOrder, params: URLSearchParams): FakeResponse {
    if (!isOpen(order)) return error(400, -2011, 'Unknown order sent.');
    if (order.type !== 'limit') return error(400, -4028, 'Only LIMIT orders can be modified.');
    const qty = parseFixed(params.get('quantity') ?? '0');
    const price = parseFixed(params.get('price') ?? '0');
    if (qty <= order.filled || qty % parseFixed(order.market.step) !== 0n || price <= 0n || price % parseFixed(order.market.tick) !== 0n) {
      return error(400, -1013, 'Filter failure: PRICE_FILTER / LOT_SIZE');
    }
    order.qty = qty;
    order.price = price;
    order.updateTime = Date.now();
    this.#onBook(order, undefined);
    this.book.setPrice(order.market.id, text(this.book.price(order.market)), Date.now());
    return ok(orderJson(order));
  }

  #trades(params: URLSearchParams): unknown[] {
    const start = Number(params.get('startTime') ?? 0);
    const end = Number(params.get('endTime') ?? Number.MAX_SAFE_INTEGER);
    return this.book.trades
      .filter((trade) => trade.order.market.id === params.get('symbol') && trade.time >= start && trade.time <= end)
      .map((trade) => ({
        buyer: trade.order.side === 'buy', commission: text(trade.fee), commissionAsset: 'USDT', id: Number(trade.id), maker: trade.order.type === 'limit',
        orderId: Number(trade.order.orderId), price: text(trade.price), qty: text(trade.qty), quoteQty: text((trade.price * trade.qty) / 100_000_000n),
        realizedPnl: '0', side: trade.order.side.toUpperCase(), positionSide: 'BOTH', symbol: trade.order.market.id, time: trade.time,
      }));
  }

  /** POST /fapi/v1/algoOrder: a conditional order, validated as the algo service documents it. */
  #newAlgoOrder(params: URLSearchParams): FakeResponse {
    if (params.get('algoType') !== 'CONDITIONAL') return error(400, -1102, "Mandatory parameter 'algoType' was not sent, was empty/null, or malformed.");
    const market = this.book.market(params.get('symbol') ?? '');
    if (market === undefined) return error(400, -1121, 'Invalid symbol.');
    const type = params.get('type') ?? '';
    if (!CONDITIONAL_TYPES.has(type) || type === 'TRAILING_STOP_MARKET') return error(400, -1116, 'Invalid orderType.');
    const triggerPrice = params.get('triggerPrice');
    if (triggerPrice === null) return error(400, -1102, "Mandatory parameter 'triggerPrice' was not sent, was empty/null, or malformed.");
    const limit = type === 'STOP' || type === 'TAKE_PROFIT';
    const price = params.get('price');
    if (limit && price === null) return error(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
    const quantity = params.get('quantity') ?? '';
    const qty = Number(quantity);
    if (!(qty > 0) || Math.round(qty * 1000) !== qty * 1000) return error(400, -1111, 'Precision is over the maximum defined for this asset.');
    const clientAlgoId = params.get('clientAlgoId') ?? `algo${this.#nextAlgoId + 1}`;
    if (!CLIENT_ALGO_ID.test(clientAlgoId)) return error(400, -4015, 'Client order id is not valid.');
    if (this.algoOrders.some((order) => order.clientAlgoId === clientAlgoId && order.status === 'NEW')) return error(400, -4116, 'ClientOrderId is duplicated.');
    const side = params.get('side') === 'SELL' ? 'SELL' : 'BUY';
    const last = Number(text(this.book.price(market)));
    const stop = type.startsWith('STOP');
    const trigger = Number(triggerPrice);
    // A stop buy above the market (take-profit below) waits; one that the last price already reached would fire at once.
    const immediate = (side === 'BUY') === stop ? last >= trigger : last <= trigger;
    if (immediate) return error(400, -2021, 'Order would immediately trigger.');
    const now = Date.now();
    this.#nextAlgoId += 1;
    const order: FakeAlgoOrder = {
      algoId: this.#nextAlgoId, clientAlgoId, market, side, orderType: type, quantity, triggerPrice, price: price ?? undefined,
      timeInForce: params.get('timeInForce') ?? 'GTC', reduceOnly: params.get('reduceOnly') === 'true', status: 'NEW', actualOrderId: '', rejectReason: '',
      createTime: now, updateTime: now, triggerTime: 0,
    };
    this.algoOrders.push(order);
    this.#pushAlgo(order);
    return ok(algoJson(order));
  }

  #withAlgo(params: URLSearchParams, then: (order: FakeAlgoOrder) => FakeResponse): FakeResponse {
    const algoId = params.get('algoId');
    const clientAlgoId = params.get('clientAlgoId');
    if (algoId === null && clientAlgoId === null) return error(400, -1102, "Mandatory parameter 'algoId' was not sent, was empty/null, or malformed.");
    const order = this.algoOrders.find((candidate) => (algoId !== null && String(candidate.algoId) === algoId) || (clientAlgoId !== null && candidate.clientAlgoId === clientAlgoId));
    return order === undefined ? error(400, -2013, 'Order does not exist.') : then(order);
  }

  #cancelAlgo(order: FakeAlgoOrder): FakeResponse {
    if (order.status !== 'NEW') return error(400, -2011, 'Unknown order sent.');
    order.status = 'CANCELED';
    order.updateTime = Date.now();
    this.#pushAlgo(order);
    return ok({ algoId: order.algoId, clientAlgoId: order.clientAlgoId, code: '200', msg: 'success' });
  }

  /** The algo service watching the contract price: a reached trigger places the order in the matching engine. */
  #trigger(marketId: string, now: number): void {
    const last = this.book.prices.get(marketId) ?? 0n;
    for (const algo of this.algoOrders) {
      if (algo.status !== 'NEW' || algo.market.id !== marketId) continue;
      const trigger = BigInt(Math.round(Number(algo.triggerPrice) * 1e8));
      const stop = algo.orderType.startsWith('STOP');
      const hit = (algo.side === 'BUY') === stop ? last >= trigger : last <= trigger;
      if (!hit) continue;
      algo.status = 'TRIGGERED';
      algo.triggerTime = now;
      algo.updateTime = now;
      this.#held = [];
      try {
        const order = this.book.place(
          {
            market: algo.market,
            side: algo.side === 'SELL' ? 'sell' : 'buy',
            type: algo.price === undefined ? 'market' : 'limit',
            qty: algo.quantity,
            ...optional('price', algo.price ?? null),
            ...optional('tif', algo.price === undefined ? null : algo.timeInForce),
            reduceOnly: algo.reduceOnly,
          },
          now,
        );
        algo.actualOrderId = order.orderId;
      } catch (failure) {
        if (!(failure instanceof BookRejection)) throw failure;
        algo.status = 'REJECTED';
        algo.rejectReason = failure.message;
      }
      const held = this.#held;
      this.#held = undefined;
      const lag = this.triggerUpdateLagMs;
      if (lag === undefined) this.#pushAlgo(algo);
      for (const push of held) push();
      if (lag !== undefined) this.#pushAlgo(algo, lag);
      this.#finishAlgoOf(algo.actualOrderId, lag);
    }
  }

  /** A triggered algo order is FINISHED once its order in the matching engine is filled or canceled. */
  #finishAlgoOf(orderId: string, lagMs?: number): void {
    const algo = this.algoOrders.find((candidate) => candidate.actualOrderId === orderId && candidate.status === 'TRIGGERED');
    const order = this.book.find((candidate) => candidate.orderId === orderId);
    if (algo === undefined || order === undefined || isOpen(order)) return;
    algo.status = 'FINISHED';
    algo.updateTime = Date.now();
    this.#pushAlgo(algo, lagMs);
  }

  #onBook(order: BookOrder, trade: BookTrade | undefined): void {
    const push = (): void => this.#push({ e: 'ORDER_TRADE_UPDATE', E: Date.now(), T: Date.now(), o: orderUpdate(order, trade) });
    if (this.#held !== undefined) {
      this.#held.push(push);
      return;
    }
    push();
    this.#finishAlgoOf(order.orderId);
  }

  #pushAlgo(order: FakeAlgoOrder, lagMs?: number): void {
    const book = order.actualOrderId === '' ? undefined : this.book.find((candidate) => candidate.orderId === order.actualOrderId);
    const event = {
      e: 'ALGO_UPDATE', T: order.updateTime, E: Date.now(),
      o: {
        caid: order.clientAlgoId, aid: order.algoId, at: 'CONDITIONAL', o: order.orderType, s: order.market.id, S: order.side, ps: 'BOTH', f: order.timeInForce,
        q: order.quantity, X: order.status, ai: order.actualOrderId,
        ap: book === undefined || book.filled === 0n ? '0.00000' : text((book.cost * 100_000_000n) / book.filled), aq: book === undefined ? '0.00000' : text(book.filled),
        act: book === undefined ? '0' : book.type.toUpperCase(), tp: order.triggerPrice, p: order.price ?? '0', V: 'EXPIRE_MAKER', wt: 'CONTRACT_PRICE', pm: 'NONE',
        cp: false, pP: false, R: order.reduceOnly, tt: order.triggerTime, gtd: 0, rm: order.rejectReason,
      },
    };
    if (lagMs === undefined) this.#push(event);
    else setTimeout(() => this.#push(event), lagMs).unref();
  }

  #push(event: unknown): void {
    if (this.streamPaused) return;
    for (const socket of this.#subscribers) socket.send(JSON.stringify(event));
  }

  /** The private user-data stream: `/private/ws?listenKey=…` (Binance's futures WebSocket split), or `/ws/<listenKey>`. */
  #onSocket(socket: WebSocket, path: string, query: URLSearchParams): void {
    const key = path === '/private/ws' ? query.get('listenKey') : path.startsWith('/ws/') ? path.slice(4) : undefined;
    if (key !== this.#listenKey) {
      socket.close(1008, 'invalid listen key');
      return;
    }
    this.#subscribers.add(socket);
    socket.on('close', () => this.#subscribers.delete(socket));
  }
}

function bySymbol(market: BookMarket, params: URLSearchParams): boolean {
  const symbol = params.get('symbol');
  return symbol === null || market.id === symbol;
}
