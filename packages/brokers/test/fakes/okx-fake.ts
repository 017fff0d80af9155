/**
 * A fake OKX v5 venue (spot or USDT swaps, one instrument each) speaking the documented REST API and the
 * private WebSocket `orders` channel. Every private request's OK-ACCESS-KEY, OK-ACCESS-PASSPHRASE and
 * OK-ACCESS-SIGN (base64 HMAC-SHA256 of timestamp + method + request path + body) is verified, as is the
 * socket's `login` signature of timestamp + `GET/users/self/verify`.
 */
import { createHmac } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server.ts';
import {
  OKX_SPOT,
  OKX_SWAP,
  balanceJson,
  baseOf,
  fillJson,
  instrumentJson,
  isOpen,
  listOrders,
  orderJson,
  positionJson,
  tickerJson,
  type AttachedAlgo,
  type OkxInstType,
} from './okx-fake-wire.ts';
import { BookRejection, VenueBook, text, type BookMarket, type BookOrder, type BookTrade } from './venue-book.ts';

export const OKX_KEY = 'a7f3c2e1-5b4d-4e6f-8a9b-0c1d2e3f4a5b';
export const OKX_SECRET = '8D2E1C4B7A6F5E3D9C8B7A6F5E4D3C2B';
export const OKX_PASSPHRASE = 'Trading-Pro-1';

type Params = Record<string, unknown>;

export class OkxFake {
  readonly book: VenueBook;
  readonly server: FakeServer;
  readonly instType: OkxInstType;
  streamPaused = false;
  /** The account's position mode (account/config `posMode`): `net_mode` or `long_short_mode` (hedge). */
  posMode: 'net_mode' | 'long_short_mode' = 'net_mode';
  /** The key lacks the `trade` permission (account/config `perm` is `read_only`). */
  readOnly = false;
  readonly #attached = new Map<string, AttachedAlgo>();
  readonly #subscribers = new Set<WebSocket>();

  constructor(instType: OkxInstType = 'SPOT') {
    this.instType = instType;
    this.book = new VenueBook([instType === 'SPOT' ? OKX_SPOT : OKX_SWAP], { USDT: '10000' }, { [instType === 'SPOT' ? OKX_SPOT.id : OKX_SWAP.id]: '50000' });
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
    const last = text(this.book.price(this.market));
    if (path === '/api/v5/public/time') return ok([{ ts: String(Date.now()) }]);
    if (path === '/api/v5/public/instruments') return ok(request.query.get('instType') === this.instType ? [instrumentJson(this.market)] : []);
    if (path === '/api/v5/market/ticker') return request.query.get('instId') === this.market.id ? ok([tickerJson(this.market, last)]) : failed('51001', 'Instrument ID does not exist');
    if (path === '/api/v5/market/tickers') return ok([tickerJson(this.market, last)]);
    const refused = verify(request);
    if (refused !== undefined) return refused;
    const params: Params = request.method === 'GET' ? Object.fromEntries(request.query) : (JSON.parse(request.body || '{}') as Params);
    switch (`${request.method} ${path}`) {
      case 'GET /api/v5/account/config':
        return ok([accountConfig(this.readOnly, this.posMode)]);
      case 'GET /api/v5/account/balance':
        return ok([balanceJson(this.book, this.market)]);
      case 'GET /api/v5/account/positions':
        return ok(this.#positions());
      case 'GET /api/v5/account/leverage-info':
        return ok([{ instId: this.market.id, mgnMode: String(params['mgnMode'] ?? 'cross'), posSide: 'net', lever: String(this.book.leverage(this.market.id)) }]);
      case 'POST /api/v5/account/set-leverage':
        return this.#setLeverage(params);
      case 'POST /api/v5/trade/order':
        return this.#place(params);
      case 'GET /api/v5/trade/order':
        return this.#withOrder(params, (order) => ok([orderJson(order, this.#attached.get(order.clientOrderId))]), '51603', 'Order does not exist');
      case 'POST /api/v5/trade/cancel-order':
        return this.#withOrder(params, (order) => this.#cancel(order), '51400', 'Order cancellation failed as the order does not exist.');
      case 'POST /api/v5/trade/amend-order':
        return this.#withOrder(params, (order) => this.#amend(order, params), '51503', 'Order modification failed as the order does not exist.');
      case 'GET /api/v5/trade/orders-pending':
        return ok(listOrders(this.book, (order) => isOpen(order) && this.#matches(order, params), this.#attached));
      case 'GET /api/v5/trade/orders-history':
        return ok(listOrders(this.book, (order) => !isOpen(order) && this.#matches(order, params) && (params['state'] === undefined || order.status === params['state']), this.#attached));
      case 'GET /api/v5/trade/fills':
      case 'GET /api/v5/trade/fills-history':
        return ok(this.book.trades.filter((trade) => trade.time >= Number(params['begin'] ?? 0)).reverse().map(fillJson));
      default:
        return { status: 404, body: { code: '404', msg: `unknown ${request.method} ${path}`, data: [] } };
    }
  }

  #matches(order: BookOrder, params: Params): boolean {
    return (params['instId'] === undefined || params['instId'] === order.market.id) && (params['instType'] === undefined || params['instType'] === this.instType);
  }

  #place(params: Params): FakeResponse {
    const clOrdId = String(params['clOrdId'] ?? '');
    if (this.readOnly) return failed('50120', "API key doesn't have permission");
    // long/short (hedge) mode: swap orders must say which position they address.
    const posSide = String(params['posSide'] ?? '');
    if (this.instType === 'SWAP' && this.posMode === 'long_short_mode' && posSide !== 'long' && posSide !== 'short') return orderFailed(clOrdId, '51000', 'Parameter posSide error');
    if (params['instId'] !== this.market.id) return orderFailed(clOrdId, '51001', 'Instrument ID does not exist');
    if (clOrdId !== '' && this.book.find((order) => order.clientOrderId === clOrdId) !== undefined) return orderFailed(clOrdId, '51016', 'Duplicated clOrdId');
    const ordType = String(params['ordType']);
    const price = ordType === 'market' ? undefined : String(params['px']);
    const algo = (params['attachAlgoOrds'] as Params[] | undefined)?.[0];
    // Known before the book's first push, which already carries the attached prices.
    if (algo !== undefined) this.#attached.set(clOrdId, { tpTriggerPx: String(algo['tpTriggerPx'] ?? ''), slTriggerPx: String(algo['slTriggerPx'] ?? '') });
    try {
      const order = this.book.place(
        {
          market: this.market,
          side: params['side'] === 'sell' ? 'sell' : 'buy',
          type: price === undefined ? 'market' : 'limit',
          qty: baseOf(this.market, String(params['sz'] ?? '0')),
          ...(price === undefined ? {} : { price }),
          tif: ordType === 'ioc' ? 'IOC' : ordType === 'fok' ? 'FOK' : 'GTC',
          ...(clOrdId === '' ? {} : { clientOrderId: clOrdId }),
        },
        Date.now(),
      );
      return ok([{ clOrdId: order.clientOrderId, ordId: order.orderId, tag: '', ts: String(Date.now()), sCode: '0', sMsg: 'Order placed' }]);
    } catch (failure) {
      if (!(failure instanceof BookRejection)) throw failure;
      if (failure.reason === 'insufficient') return orderFailed(clOrdId, '51008', 'Order failed. Insufficient USDT balance in account.');
      return orderFailed(clOrdId, '51121', `Order quantity must be a multiple of the lot size. (${failure.message})`);
    }
  }

  #cancel(order: BookOrder): FakeResponse {
    if (!isOpen(order)) return orderFailed(order.clientOrderId, order.status === 'filled' ? '51402' : '51401', 'Order cancellation failed as the order has been completed or canceled.');
    this.book.cancel(order, Date.now());
    return ok([{ clOrdId: order.clientOrderId, ordId: order.orderId, ts: String(Date.now()), sCode: '0', sMsg: '' }]);
  }

  #amend(order: BookOrder, params: Params): FakeResponse {
    if (!isOpen(order)) return orderFailed(order.clientOrderId, '51510', 'Order modification failed as the order has been completed.');
    const now = Date.now();
    if (params['newPx'] !== undefined) order.price = BigInt(Math.round(Number(params['newPx']) * 1e8));
    if (params['newSz'] !== undefined) order.qty = BigInt(Math.round(Number(baseOf(this.market, String(params['newSz']))) * 1e8));
    order.updateTime = now;
    this.#push(order, undefined);
    this.book.setPrice(this.market.id, text(this.book.price(this.market)), now);
    return ok([{ clOrdId: order.clientOrderId, ordId: order.orderId, reqId: String(params['reqId'] ?? ''), ts: String(now), sCode: '0', sMsg: '' }]);
  }

  #setLeverage(params: Params): FakeResponse {
    const lever = Number(params['lever']);
    if (!Number.isInteger(lever) || lever < 1 || lever > 100) return failed('59102', 'Leverage exceeds the maximum leverage. Please adjust your leverage.');
    this.book.setLeverage(this.market.id, lever);
    return ok([{ lever: String(lever), mgnMode: String(params['mgnMode'] ?? 'cross'), instId: this.market.id, posSide: 'net' }]);
  }

  #withOrder(params: Params, then: (order: BookOrder) => FakeResponse, missingCode: string, missingMessage: string): FakeResponse {
    const order = this.book.find((candidate) => (params['ordId'] !== undefined && candidate.orderId === params['ordId']) || (params['clOrdId'] !== undefined && candidate.clientOrderId === params['clOrdId']));
    if (order !== undefined && order.market.id === params['instId']) return then(order);
    return orderFailed(String(params['clOrdId'] ?? ''), missingCode, missingMessage);
  }

  #positions(): unknown[] {
    const position = this.book.positions.get(this.market.id);
    if (this.instType !== 'SWAP' || position === undefined || position.qty === 0n) return [];
    return [positionJson(this.market, position, this.book.price(this.market))];
  }

  #onSocket(socket: WebSocket, path: string): void {
    let loggedIn = false;
    socket.on('message', (raw) => {
      const data = String(raw);
      if (data === 'ping') return socket.send('pong');
      const message = JSON.parse(data) as { op?: string; args?: Params[] };
      const arg = message.args?.[0] ?? {};
      if (message.op === 'login') {
        loggedIn = path === '/ws/v5/private' && validLogin(arg);
        const answer = loggedIn ? { event: 'login', code: '0', msg: '', connId: 'fake' } : { event: 'error', code: '60009', msg: 'Login failed.', connId: 'fake' };
        return socket.send(JSON.stringify(answer));
      }
      if (message.op !== 'subscribe') return socket.send(JSON.stringify({ event: 'error', code: '60012', msg: `Invalid request: ${data}`, connId: 'fake' }));
      if (!loggedIn) return socket.send(JSON.stringify({ event: 'error', code: '60011', msg: 'Please log in', connId: 'fake' }));
      this.#subscribers.add(socket);
      socket.on('close', () => this.#subscribers.delete(socket));
      socket.send(JSON.stringify({ event: 'subscribe', arg, connId: 'fake' }));
    });
  }

  #push(order: BookOrder, trade: BookTrade | undefined): void {
    if (this.streamPaused) return;
    const frame = JSON.stringify({ arg: { channel: 'orders', instType: 'ANY', uid: '44705892343619584' }, data: [orderJson(order, this.#attached.get(order.clientOrderId), trade)] });
    for (const socket of this.#subscribers) socket.send(frame);
  }
}

function accountConfig(readOnly: boolean, posMode: string): Record<string, unknown> {
  return {
    acctLv: '2', acctStpMode: 'cancel_maker', autoLoan: false, ctIsoMode: 'automatic', enableSpotBorrow: false, greeksType: 'PA', ip: '', type: '0',
    kycLv: '3', label: 'trading-pro', level: 'Lv1', levelTmp: '', liquidationGear: '-1', mainUid: '44705892343619584', mgnIsoMode: 'automatic', opAuth: '1',
    perm: readOnly ? 'read_only' : 'read_only,trade', posMode, roleType: '0', spotBorrowAutoRepay: false, spotOffsetType: '', spotRoleType: '0',
    spotTraderInsts: [], traderInsts: [], uid: '44705892343619584', settleCcy: 'USDT', settleCcyList: ['USD', 'USDC', 'USDG'],
  };
}

/** OKX rejects a stale timestamp, an unknown key, a wrong passphrase and a wrong signature with HTTP 401. */
function verify(request: FakeRequest): FakeResponse | undefined {
  const header = (name: string): string => String(request.headers[name] ?? '');
  const timestamp = header('ok-access-timestamp');
  if (header('ok-access-key') !== OKX_KEY) return unauthorized('50111', 'Invalid OK-ACCESS-KEY');
  if (header('ok-access-passphrase') !== OKX_PASSPHRASE) return unauthorized('50105', 'Invalid OK-ACCESS-PASSPHRASE');
  if (!(Math.abs(Date.parse(timestamp) - Date.now()) < 30_000)) return unauthorized('50102', 'Timestamp request expired');
  const requestPath = request.path + (request.rawQuery === '' ? '' : `?${request.rawQuery}`);
  if (sign(timestamp + request.method + requestPath + request.body) !== header('ok-access-sign')) return unauthorized('50113', 'Invalid Sign');
  return undefined;
}

function validLogin(arg: Params): boolean {
  const timestamp = String(arg['timestamp'] ?? '');
  const fresh = Math.abs(Number(timestamp) * 1000 - Date.now()) < 30_000;
  return fresh && arg['apiKey'] === OKX_KEY && arg['passphrase'] === OKX_PASSPHRASE && arg['sign'] === sign(`${timestamp}GET/users/self/verify`);
}

function sign(payload: string): string {
  return createHmac('sha256', OKX_SECRET).update(payload).digest('base64');
}

function ok(data: unknown[]): FakeResponse {
  return { status: 200, body: { code: '0', msg: '', data, inTime: `${Date.now()}000`, outTime: `${Date.now()}000` } };
}

function failed(code: string, msg: string): FakeResponse {
  return { status: 200, body: { code, msg, data: [] } };
}

function orderFailed(clOrdId: string, sCode: string, sMsg: string): FakeResponse {
  return { status: 200, body: { code: '1', msg: 'All operations failed', data: [{ clOrdId, ordId: '', tag: '', ts: String(Date.now()), sCode, sMsg }] } };
}

function unauthorized(code: string, msg: string): FakeResponse {
  return { status: 401, body: { code, msg, data: [] } };
}

/** OKX's answer when a request exceeds its limit. */
/** OKX's rate-limit answer: HTTP 429 with code 50011 and no Retry-After (its limits count 2-second windows). */
export function okxTooManyRequests(_retryAfterS: number): FakeResponse {
  return { status: 429, body: { code: '50011', msg: 'Rate limit reached. Please refer to API documentation and throttle requests accordingly.', data: [] } };
}
