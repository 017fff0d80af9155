/**
 * A fake Alpaca Trading API v2 on loopback: REST (key headers checked, documented paths and payloads) and the
 * `/stream` WebSocket (auth, listen, trade_updates as binary frames like the paper endpoint), over
 * `AlpacaFakeBook`. Faults are injected per test: canned error answers, a swallowed order response,
 * dropped or refused streams, and a settable market clock.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { fixedToString, parseFixed } from '@trading-pro/contracts';
import type { AlpacaCalendarDayWire, AlpacaClockWire, AlpacaOrderRequest, AlpacaTradeUpdateWire } from '../../src/alpaca/alpaca-types.ts';
import { AlpacaFakeBook, FakeRefusal } from './alpaca-fake-book.ts';
import type { FakeOrder } from './alpaca-fake-book.ts';

export interface FakeAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly time: number;
}

export interface AlpacaFakeOptions {
  readonly keyId?: string;
  readonly secretKey?: string;
  readonly cash?: string;
  readonly prices?: Readonly<Record<string, string>>;
}

export class AlpacaFakeServer {
  readonly keyId: string;
  readonly secretKey: string;
  readonly book: AlpacaFakeBook;
  readonly requests: RecordedRequest[] = [];
  clock: AlpacaClockWire = { timestamp: '2024-06-03T14:00:00-04:00', is_open: true, next_open: '2024-06-04T09:30:00-04:00', next_close: '2024-06-03T16:00:00-04:00' };
  calendar: AlpacaCalendarDayWire[] = [{ date: '2024-06-03', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000' }];
  accountPatch: Record<string, unknown> = {};
  /** While true, stream connections are refused (the venue's stream is down). */
  refuseStreams = false;
  /** While true, trade updates are lost on the way (a silent stream gap). */
  streamPaused = false;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #listeners = new Set<WebSocket>();
  readonly #faults: { match: (method: string, path: string) => boolean; answer: FakeAnswer | 'swallow' | { readonly lateMs: number } }[] = [];

  constructor(options: AlpacaFakeOptions = {}) {
    this.keyId = options.keyId ?? 'PKTEST';
    this.secretKey = options.secretKey ?? 'secret-test';
    this.book = new AlpacaFakeBook(options.cash ?? '100000', options.prices ?? { AAPL: '190', MSFT: '420' });
    this.book.onUpdate = (update) => this.#publish(update);
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('upgrade', (req, socket, head) => {
      if (this.refuseStreams || !req.url?.startsWith('/stream')) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onStream(ws));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /**
   * The next request matching gets `answer` instead of being served ('swallow': served, never answered;
   * `lateMs`: served only after that delay, never answered, so lookups race it).
   */
  failNext(method: string, path: string, answer: FakeAnswer | 'swallow' | { readonly lateMs: number }): void {
    this.#faults.push({ match: (m, p) => m === method && p === path, answer });
  }

  /** Drops every stream connection as a network failure would. */
  dropStreams(): void {
    for (const ws of this.#wss.clients) ws.terminate();
  }

  get streamClients(): number {
    return this.#listeners.size;
  }

  ordersPosted(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders');
  }

  #onStream(ws: WebSocket): void {
    let authorized = false;
    ws.on('close', () => this.#listeners.delete(ws));
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { action?: string; key?: string; secret?: string; data?: { key_id?: string; secret_key?: string; streams?: string[] } };
      if (message.action === 'auth' || message.action === 'authenticate') {
        const key = message.key ?? message.data?.key_id;
        const secret = message.secret ?? message.data?.secret_key;
        authorized = key === this.keyId && secret === this.secretKey;
        ws.send(Buffer.from(JSON.stringify({ stream: 'authorization', data: { action: 'authenticate', status: authorized ? 'authorized' : 'unauthorized' } })));
        if (!authorized) ws.close();
      } else if (message.action === 'listen' && authorized) {
        const streams = (message.data?.streams ?? []).filter((s) => s === 'trade_updates');
        if (streams.length > 0) this.#listeners.add(ws);
        ws.send(Buffer.from(JSON.stringify({ stream: 'listening', data: { streams } })));
      }
    });
  }

  #publish(update: AlpacaTradeUpdateWire): void {
    if (this.streamPaused) return;
    const frame = Buffer.from(JSON.stringify({ stream: 'trade_updates', data: update }));
    for (const ws of this.#listeners) ws.send(frame);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.searchParams, body, time: Date.now() });
    if (req.headers['apca-api-key-id'] !== this.keyId || req.headers['apca-api-secret-key'] !== this.secretKey) {
      return send(res, { status: 401, body: { code: 40110000, message: 'request is not authorized' } });
    }
    const fault = this.#faults.findIndex((f) => f.match(method, url.pathname));
    if (fault >= 0) {
      const answer = this.#faults.splice(fault, 1)[0]?.answer ?? 'swallow';
      if (typeof answer === 'object' && 'lateMs' in answer) {
        setTimeout(() => {
          try {
            this.#route(method, url, body);
          } catch {
            // A refused late request changes nothing.
          }
        }, answer.lateMs).unref();
        return;
      }
      if (answer !== 'swallow') return send(res, answer);
      this.#route(method, url, body);
      return; // served, but the answer is lost: the client times out
    }
    try {
      send(res, this.#route(method, url, body));
    } catch (error) {
      if (error instanceof FakeRefusal) return send(res, { status: error.status, body: { code: error.code, message: error.message } });
      send(res, { status: 500, body: { message: String(error) } });
    }
  }

  #route(method: string, url: URL, body: unknown): FakeAnswer {
    const path = url.pathname;
    const ok = (payload: unknown): FakeAnswer => ({ status: 200, body: payload });
    if (method === 'GET' && path === '/v2/account') return ok(this.#account());
    if (method === 'GET' && path === '/v2/clock') return ok(this.clock);
    if (method === 'GET' && path === '/v2/calendar') return ok(this.calendar.filter((d) => d.date >= (url.searchParams.get('start') ?? '') && d.date <= (url.searchParams.get('end') ?? '9')));
    if (method === 'GET' && path === '/v2/positions') return ok(this.book.positionWires());
    if (method === 'GET' && path === '/v2/account/activities/FILL') return ok([...this.book.fills].reverse());
    if (method === 'GET' && path === '/v2/orders') return ok(this.#listOrders(url.searchParams));
    if (method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const order = this.book.orders.find((o) => o.client_order_id === url.searchParams.get('client_order_id'));
      return order ? ok(order) : { status: 404, body: { code: 40410000, message: 'order not found' } };
    }
    if (method === 'POST' && path === '/v2/orders') {
      const order = this.book.submit(body as AlpacaOrderRequest);
      const answer = structuredClone(order);
      setImmediate(() => this.book.accept(order));
      return ok(answer);
    }
    const orderMatch = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (orderMatch?.[1]) return this.#orderRoute(method, decodeURIComponent(orderMatch[1]), body);
    const positionMatch = /^\/v2\/positions\/([^/]+)$/.exec(path);
    if (positionMatch?.[1]) return this.#positionRoute(method, decodeURIComponent(positionMatch[1]), url.searchParams);
    return { status: 404, body: { code: 40410000, message: 'endpoint not found' } };
  }

  #orderRoute(method: string, id: string, body: unknown): FakeAnswer {
    const order = this.book.find(id);
    if (!order) return { status: 404, body: { code: 40410000, message: 'order not found' } };
    if (method === 'GET') return { status: 200, body: order };
    if (method === 'DELETE') {
      this.book.cancel(order);
      return { status: 204 };
    }
    if (method === 'PATCH') return { status: 200, body: this.book.replace(order, body as { qty?: string }) };
    return { status: 405, body: { message: 'method not allowed' } };
  }

  #positionRoute(method: string, symbol: string, query: URLSearchParams): FakeAnswer {
    const position = this.book.positions.get(symbol);
    if (!position) return { status: 404, body: { code: 40410000, message: 'position does not exist' } };
    if (method === 'GET') return { status: 200, body: this.book.positionWire(symbol, position) };
    if (method !== 'DELETE') return { status: 405, body: { message: 'method not allowed' } };
    const held = position.qty < 0n ? -position.qty : position.qty;
    const qty = query.get('qty') ? parseFixed(query.get('qty') ?? '0') : held;
    const order = this.book.submit({
      symbol,
      qty: fixedToString(qty),
      side: position.qty > 0n ? 'sell' : 'buy',
      type: 'market',
      time_in_force: 'day',
      client_order_id: crypto.randomUUID(),
    });
    setImmediate(() => this.book.accept(order));
    return { status: 200, body: structuredClone(order) };
  }

  #listOrders(query: URLSearchParams): FakeOrder[] {
    const status = query.get('status') ?? 'open';
    const open = (o: FakeOrder) => !['filled', 'canceled', 'expired', 'replaced', 'rejected'].includes(o.status);
    const chosen = this.book.orders.filter((o) => status === 'all' || (status === 'open' ? open(o) : !open(o)));
    return chosen.reverse().slice(0, Number(query.get('limit') ?? '50'));
  }

  #account(): Record<string, unknown> {
    const equity = this.book.equity();
    return {
      id: 'fake-account-id',
      account_number: 'PA1FAKE',
      status: 'ACTIVE',
      currency: 'USD',
      cash: fixedToString(this.book.cash),
      portfolio_value: fixedToString(equity),
      equity: fixedToString(equity),
      last_equity: fixedToString(this.book.lastEquity),
      buying_power: fixedToString(this.book.cash),
      initial_margin: fixedToString(equity - this.book.cash),
      maintenance_margin: '0',
      long_market_value: fixedToString(equity - this.book.cash),
      short_market_value: '0',
      multiplier: '1',
      trading_blocked: false,
      account_blocked: false,
      pattern_day_trader: false,
      ...this.accountPatch,
    };
  }
}

function send(res: ServerResponse, answer: FakeAnswer): void {
  const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...(payload ? { 'content-type': 'application/json' } : {}), ...answer.headers });
  res.end(payload);
}
