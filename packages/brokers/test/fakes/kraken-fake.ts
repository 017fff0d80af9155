/**
 * A fake Kraken spot venue (one pair, XBT/USD) speaking the documented REST API (public GETs, private form
 * POSTs answering `{error: [...], result}`) and the WebSocket v2 `executions` channel. Every private request's
 * API-Sign (base64 HMAC-SHA512, keyed by the base64-decoded secret, of the path + SHA-256(nonce + body)) is
 * verified, its nonce must increase, and the socket subscription must carry a token from GetWebSocketsToken.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server.ts';
import { KRAKEN_PAIR, assetPairJson, balanceExJson, executionJson, orderJson, tickerJson, tradeJson, tradeIdOf, txidOf } from './kraken-fake-wire.ts';
import { BookRejection, VenueBook, isOpen, text, type BookOrder, type BookTrade, type BookType } from './venue-book.ts';

export const KRAKEN_KEY = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
export const KRAKEN_SECRET = Buffer.from('trading-pro fake kraken secret, 64 bytes of key material here!!!').toString('base64');

type Params = Record<string, string>;

export class KrakenFake {
  readonly book = new VenueBook([KRAKEN_PAIR], { ZUSD: '10000' }, { XXBTZUSD: '50000' });
  readonly server: FakeServer;
  streamPaused = false;
  /** The key has no "Create & Modify Orders" / "Cancel/Close Orders" permission. */
  readOnly = false;
  /** Authentication errors answered so far (a nonce that did not increase shows up here). */
  readonly refusals: string[] = [];
  readonly #tokens = new Set<string>();
  readonly #subscribers = new Set<WebSocket>();
  #lastNonce = 0n;
  #sequence = 0;

  constructor() {
    this.server = new FakeServer((request) => this.#route(request), (socket, path) => this.#onSocket(socket, path));
    this.book.listeners.push((order, trade) => this.#onBook(order, trade));
  }

  start(): Promise<{ httpUrl: string; wsUrl: string }> {
    return this.server.start();
  }

  #route(request: FakeRequest): FakeResponse {
    const { path } = request;
    if (path === '/0/public/AssetPairs') return ok({ XXBTZUSD: assetPairJson() });
    if (path === '/0/public/Ticker') return request.query.get('pair') === 'XXBTZUSD' ? ok({ XXBTZUSD: tickerJson(text(this.book.price(KRAKEN_PAIR))) }) : failed('EQuery:Unknown asset pair');
    if (path === '/0/public/Time') return ok({ unixtime: Math.floor(Date.now() / 1000), rfc1123: new Date().toUTCString() });
    if (!path.startsWith('/0/private/')) return { status: 404, body: { error: ['EGeneral:Unknown method'] } };
    const params = parseBody(request.body);
    const refused = this.#verify(request, params);
    if (refused !== undefined) {
      this.refusals.push(...(refused.body as { error: string[] }).error);
      return refused;
    }
    const trading = ['/0/private/AddOrder', '/0/private/CancelOrder', '/0/private/AmendOrder', '/0/private/EditOrder'].includes(path);
    if (trading && this.readOnly) return failed('EGeneral:Permission denied');
    switch (path) {
      case '/0/private/Balance':
        return ok(Object.fromEntries([...this.book.balances].map(([asset, amount]) => [asset, text(amount)])));
      case '/0/private/BalanceEx':
        return ok(balanceExJson(this.book));
      case '/0/private/TradeBalance':
        return ok(this.#tradeBalance());
      case '/0/private/OpenOrders':
        return ok({ open: this.#orders((order) => isOpen(order) && matchesClient(order, params)) });
      case '/0/private/ClosedOrders': {
        const closed = this.#orders((order) => !isOpen(order) && matchesClient(order, params));
        return ok({ closed, count: Object.keys(closed).length });
      }
      case '/0/private/QueryOrders': {
        const ids = (params['txid'] ?? '').split(',');
        const found = this.#orders((order) => ids.includes(txidOf(order)));
        return Object.keys(found).length === 0 ? failed('EOrder:Invalid order') : ok(found);
      }
      case '/0/private/AddOrder':
        return this.#add(params);
      case '/0/private/CancelOrder':
        return this.#withOrder(params, (order) => {
          this.book.cancel(order, Date.now());
          return ok({ count: 1 });
        });
      case '/0/private/AmendOrder':
        return this.#withOrder(params, (order) => this.#amend(order, params));
      case '/0/private/TradesHistory':
        return ok(this.#tradesHistory(params));
      case '/0/private/GetWebSocketsToken': {
        const token = randomBytes(24).toString('base64');
        this.#tokens.add(token);
        return ok({ token, expires: 900 });
      }
      default:
        return failed('EGeneral:Unknown method');
    }
  }

  /** Kraken checks the key, then the nonce, then the signature; all answer HTTP 200 with an error array. */
  #verify(request: FakeRequest, params: Params): FakeResponse | undefined {
    if (request.headers['api-key'] !== KRAKEN_KEY) return failed('EAPI:Invalid key');
    const nonce = params['nonce'];
    if (nonce === undefined || !/^\d+$/.test(nonce) || BigInt(nonce) <= this.#lastNonce) return failed('EAPI:Invalid nonce');
    const digest = createHash('sha256').update(nonce + request.body).digest();
    const expected = createHmac('sha512', Buffer.from(KRAKEN_SECRET, 'base64')).update(Buffer.concat([Buffer.from(request.path), digest])).digest('base64');
    if (request.headers['api-sign'] !== expected) return failed('EAPI:Invalid signature');
    this.#lastNonce = BigInt(nonce);
    return undefined;
  }

  #add(params: Params): FakeResponse {
    if (params['pair'] !== 'XXBTZUSD' && params['pair'] !== 'XBTUSD') return failed('EQuery:Unknown asset pair');
    const clientOrderId = params['cl_ord_id'];
    if (clientOrderId !== undefined && this.book.find((order) => order.clientOrderId === clientOrderId && isOpen(order)) !== undefined) return failed('EOrder:Duplicate order');
    if (Number(params['volume']) < Number(KRAKEN_PAIR.minQty)) return failed('EOrder:Order minimum not met');
    const ordertype = params['ordertype'] ?? '';
    const type = ({ market: 'market', limit: 'limit', 'stop-loss': 'stop', 'stop-loss-limit': 'stop_limit' } as Record<string, BookType | undefined>)[ordertype];
    if (type === undefined) return failed('EGeneral:Invalid arguments:ordertype');
    const trigger = type === 'stop' || type === 'stop_limit' ? params['price'] : undefined;
    const price = type === 'limit' ? params['price'] : type === 'stop_limit' ? params['price2'] : undefined;
    try {
      const order = this.book.place(
        {
          market: KRAKEN_PAIR,
          side: params['type'] === 'sell' ? 'sell' : 'buy',
          type,
          qty: params['volume'] ?? '0',
          ...(price === undefined ? {} : { price }),
          ...(trigger === undefined ? {} : { stopPrice: trigger }),
          tif: params['timeinforce'] ?? 'GTC',
          ...(clientOrderId === undefined ? {} : { clientOrderId }),
        },
        Date.now(),
      );
      return ok({ descr: { order: (orderJson(order, this.book)['descr'] as { order: string }).order }, txid: [txidOf(order)] });
    } catch (failure) {
      if (!(failure instanceof BookRejection)) throw failure;
      if (failure.reason === 'insufficient') return failed('EOrder:Insufficient funds');
      return failed(failure.message.includes('PRICE') ? 'EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals.' : 'EGeneral:Invalid arguments:volume');
    }
  }

  #amend(order: BookOrder, params: Params): FakeResponse {
    const now = Date.now();
    if (params['limit_price'] !== undefined) order.price = BigInt(Math.round(Number(params['limit_price']) * 1e8));
    if (params['order_qty'] !== undefined) order.qty = BigInt(Math.round(Number(params['order_qty']) * 1e8));
    order.updateTime = now;
    this.#send(executionJson(order, 'amended'));
    this.book.setPrice(KRAKEN_PAIR.id, text(this.book.price(KRAKEN_PAIR)), now);
    return ok({ amend_id: `TAMEND-${order.orderId}-${now}` });
  }

  #withOrder(params: Params, then: (order: BookOrder) => FakeResponse): FakeResponse {
    const order = this.book.find((candidate) => candidate.clientOrderId === params['cl_ord_id'] || txidOf(candidate) === params['txid']);
    return order === undefined || !isOpen(order) ? failed('EOrder:Unknown order') : then(order);
  }

  #orders(keep: (order: BookOrder) => boolean): Record<string, unknown> {
    return Object.fromEntries(this.book.orders.filter(keep).reverse().map((order) => [txidOf(order), orderJson(order, this.book)]));
  }

  #tradesHistory(params: Params): Record<string, unknown> {
    const start = Number(params['start'] ?? 0);
    const trades = this.book.trades.filter((trade) => trade.time / 1000 > start).reverse();
    return { trades: Object.fromEntries(trades.map((trade) => [tradeIdOf(trade), tradeJson(trade)])), count: trades.length };
  }

  #tradeBalance(): Record<string, string> {
    const usd = text(this.book.balance('ZUSD'));
    return { eb: usd, tb: usd, m: '0.0000', n: '0.0000', c: '0.0000', v: '0.0000', e: usd, mf: usd, ml: '0', uv: '0.0000', u: '0.0000' };
  }

  #onSocket(socket: WebSocket, path: string): void {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { method?: string; req_id?: number; params?: { channel?: string; token?: string } };
      const stamp = { time_in: new Date().toISOString(), time_out: new Date().toISOString() };
      if (message.method === 'ping') return socket.send(JSON.stringify({ method: 'pong', req_id: message.req_id, ...stamp }));
      if (message.method !== 'subscribe' || path !== '/v2') return socket.send(JSON.stringify({ error: 'Unsupported method', method: message.method, success: false, ...stamp }));
      const token = message.params?.token ?? '';
      if (message.params?.channel !== 'executions' || !this.#tokens.has(token)) {
        return socket.send(JSON.stringify({ error: 'EAccount:Invalid token', method: 'subscribe', req_id: message.req_id, success: false, ...stamp }));
      }
      socket.send(JSON.stringify({ method: 'subscribe', req_id: message.req_id, result: { channel: 'executions', maxratecount: 125, snapshot: true }, success: true, ...stamp }));
      const open = this.book.orders.filter(isOpen).map((order) => executionJson(order, 'new'));
      socket.send(JSON.stringify({ channel: 'executions', type: 'snapshot', data: open, sequence: (this.#sequence += 1) }));
      this.#subscribers.add(socket);
      socket.on('close', () => this.#subscribers.delete(socket));
    });
  }

  #onBook(order: BookOrder, trade: BookTrade | undefined): void {
    if (trade !== undefined) {
      this.#send(executionJson(order, 'trade', trade));
      if (order.status === 'filled') this.#send(executionJson(order, 'filled'));
      return;
    }
    this.#send(executionJson(order, order.status === 'new' ? 'new' : order.status === 'expired' ? 'expired' : 'canceled'));
  }

  #send(entry: Record<string, unknown>): void {
    if (this.streamPaused) return;
    const frame = JSON.stringify({ channel: 'executions', type: 'update', data: [entry], sequence: (this.#sequence += 1) });
    for (const socket of this.#subscribers) socket.send(frame);
  }
}

function matchesClient(order: BookOrder, params: Params): boolean {
  return params['cl_ord_id'] === undefined || params['cl_ord_id'] === order.clientOrderId;
}

function parseBody(body: string): Params {
  if (body.startsWith('{')) return Object.fromEntries(Object.entries(JSON.parse(body) as Record<string, unknown>).map(([key, value]) => [key, String(value)]));
  return Object.fromEntries(new URLSearchParams(body));
}

function ok(result: unknown): FakeResponse {
  return { status: 200, body: { error: [], result } };
}

function failed(error: string): FakeResponse {
  return { status: 200, body: { error: [error] } };
}

/** Kraken's edge answer when a client sends too many requests. */
/** Kraken's throttle answer (too many concurrent requests): HTTP 200 with `EService:Throttled: <unix time>` to retry after. */
export function krakenTooManyRequests(retryAfterS: number): FakeResponse {
  return { status: 200, body: { error: [`EService:Throttled: ${Math.ceil(Date.now() / 1_000) + retryAfterS}`] } };
}

/** Kraken's call-counter answer: HTTP 200 with `EAPI:Rate limit exceeded` and no time (the counter must decay). */
export function krakenRateLimitExceeded(): FakeResponse {
  return { status: 200, body: { error: ['EAPI:Rate limit exceeded'] } };
}
