/**
 * Test fake: a loopback HTTP server answering Binance's documented public REST API v3 (exchangeInfo, ticker/24hr,
 * ticker/bookTicker, klines, time, ping) from a small deterministic book, and its market streams over WebSocket
 * (`SUBSCRIBE` to `<symbol>@ticker`, `24hrTicker` events), so the ccxt source runs unmodified.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface FakeTicker {
  bid: string;
  bidQty: string;
  ask: string;
  askQty: string;
  last: string;
  open: string;
  high: string;
  low: string;
  prevClose: string;
  /** Rolling 24-hour base volume. */
  volume: string;
}

interface FakeMarket {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tick: string;
  readonly step: string;
  ticker: FakeTicker;
}

const INTERVALS: Readonly<Record<string, number>> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 };

function market(symbol: string, base: string, tick: string, step: string, last: string): FakeMarket {
  const ticker = { bid: last, bidQty: '1.5', ask: last, askQty: '2.25', last, open: last, high: last, low: last, prevClose: last, volume: '1000' };
  return { symbol, base, quote: 'USDT', tick, step, ticker };
}

export class BinancePublicFake {
  readonly markets: FakeMarket[] = [market('BTCUSDT', 'BTC', '0.01', '0.00001', '50000.00'), market('ETHUSDT', 'ETH', '0.01', '0.0001', '3000.00')];
  /** Paths requested, in order (`/api/v3/klines?...`). */
  readonly requests: string[] = [];
  /** The fake's clock: klines end at the bar containing it. */
  nowMs: number;
  readonly #server: Server;
  readonly #streams: WebSocketServer;
  /** Stream names (`btcusdt@ticker`) each socket subscribed to. */
  readonly #subscriptions = new Map<WebSocket, Set<string>>();

  constructor(nowMs: number) {
    this.nowMs = nowMs;
    this.#server = createServer((request, response) => this.#handle(request, response));
    this.#streams = new WebSocketServer({ server: this.#server });
    this.#streams.on('connection', (socket) => this.#onSocket(socket));
  }

  /** Starts listening (on `port`, or any free one); returns the REST origin (the WebSocket origin is the same with `ws:`). */
  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(port, '127.0.0.1', resolve));
    const address = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.#subscriptions.keys()) socket.terminate();
    this.#streams.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Sockets subscribed to a symbol's ticker stream. */
  tickerSubscribers(symbol: string): number {
    const stream = `${symbol.toLowerCase()}@ticker`;
    return [...this.#subscriptions.values()].filter((streams) => streams.has(stream)).length;
  }

  /** Sends the symbol's current ticker as a `24hrTicker` event to its subscribers. */
  pushTicker(symbol: string): void {
    const found = this.markets.find((m) => m.symbol === symbol);
    if (!found) throw new Error(`no fake market ${symbol}`);
    const t = found.ticker;
    const event = {
      e: '24hrTicker', E: this.nowMs, s: symbol, p: (Number(t.last) - Number(t.open)).toFixed(2), P: '0.000', w: t.last, x: t.prevClose,
      c: t.last, Q: '0.01', b: t.bid, B: t.bidQty, a: t.ask, A: t.askQty, o: t.open, h: t.high, l: t.low, v: t.volume,
      q: (Number(t.volume) * Number(t.last)).toFixed(2), O: this.nowMs - 86_400_000, C: this.nowMs, F: 1, L: 1000, n: 1000,
    };
    for (const [socket, streams] of this.#subscriptions) if (streams.has(`${symbol.toLowerCase()}@ticker`)) socket.send(JSON.stringify(event));
  }

  #onSocket(socket: WebSocket): void {
    const streams = new Set<string>();
    this.#subscriptions.set(socket, streams);
    socket.on('close', () => this.#subscriptions.delete(socket));
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { method?: string; params?: string[]; id?: number };
      for (const stream of request.params ?? []) {
        if (request.method === 'SUBSCRIBE') streams.add(stream);
        if (request.method === 'UNSUBSCRIBE') streams.delete(stream);
      }
      socket.send(JSON.stringify({ result: null, id: request.id }));
    });
  }

  ticker(symbol: string): FakeTicker {
    const found = this.markets.find((m) => m.symbol === symbol);
    if (!found) throw new Error(`no fake market ${symbol}`);
    return found.ticker;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    this.requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json', 'x-mbx-used-weight-1m': '1' });
      response.end(JSON.stringify(body));
    };
    const q = url.searchParams;
    switch (url.pathname) {
      case '/api/v3/ping':
        return send(200, {});
      case '/api/v3/time':
        return send(200, { serverTime: this.nowMs });
      case '/api/v3/exchangeInfo':
        return send(200, this.#exchangeInfo());
      case '/api/v3/ticker/24hr':
        return this.#selected(q, send, (m) => this.#ticker24hr(m));
      case '/api/v3/ticker/bookTicker':
        return this.#selected(q, send, (m) => ({ symbol: m.symbol, bidPrice: m.ticker.bid, bidQty: m.ticker.bidQty, askPrice: m.ticker.ask, askQty: m.ticker.askQty }));
      case '/api/v3/klines':
        return this.#klines(q, send);
      default:
        return send(404, { code: -1000, msg: `unknown path ${url.pathname}` });
    }
  }

  /** `symbol=X` answers one object, `symbols=["X","Y"]` or nothing answers an array, as Binance does. */
  #selected(q: URLSearchParams, send: (status: number, body: unknown) => void, render: (m: FakeMarket) => unknown): void {
    const one = q.get('symbol');
    if (one !== null) {
      const found = this.markets.find((m) => m.symbol === one);
      return found ? send(200, render(found)) : send(400, { code: -1121, msg: 'Invalid symbol.' });
    }
    const many = q.get('symbols');
    const wanted = many === null ? undefined : (JSON.parse(many) as string[]);
    send(200, this.markets.filter((m) => !wanted || wanted.includes(m.symbol)).map(render));
  }

  #ticker24hr(m: FakeMarket): unknown {
    const t = m.ticker;
    const change = (Number(t.last) - Number(t.open)).toFixed(2);
    return {
      symbol: m.symbol, priceChange: change, priceChangePercent: ((Number(change) / Number(t.open)) * 100).toFixed(3),
      weightedAvgPrice: t.last, prevClosePrice: t.prevClose, lastPrice: t.last, lastQty: '0.01', bidPrice: t.bid, bidQty: t.bidQty,
      askPrice: t.ask, askQty: t.askQty, openPrice: t.open, highPrice: t.high, lowPrice: t.low, volume: t.volume,
      quoteVolume: (Number(t.volume) * Number(t.last)).toFixed(2), openTime: this.nowMs - 86_400_000, closeTime: this.nowMs,
      firstId: 1, lastId: 1000, count: 1000,
    };
  }

  /** Deterministic candles: a slow wave around the ticker's open, newest ending at the bar containing `nowMs`. */
  #klines(q: URLSearchParams, send: (status: number, body: unknown) => void): void {
    const found = this.markets.find((m) => m.symbol === q.get('symbol'));
    const interval = INTERVALS[q.get('interval') ?? ''];
    if (!found) return send(400, { code: -1121, msg: 'Invalid symbol.' });
    if (interval === undefined) return send(400, { code: -1120, msg: 'Invalid interval.' });
    const limit = Math.min(1000, Number(q.get('limit') ?? 500));
    const newest = Math.floor(Math.min(this.nowMs, Number(q.get('endTime') ?? this.nowMs)) / interval) * interval;
    const start = q.get('startTime') === null ? newest - (limit - 1) * interval : Math.ceil(Number(q.get('startTime')) / interval) * interval;
    const rows: unknown[] = [];
    const base = Number(found.ticker.open);
    for (let t = start; t <= newest && rows.length < limit; t += interval) {
      const at = (k: number): string => (base * (1 + 0.01 * Math.sin((t / interval + k) / 7))).toFixed(2);
      const [open, close] = [at(0), at(1)];
      const high = Math.max(Number(open), Number(close)) + 1;
      const low = Math.min(Number(open), Number(close)) - 1;
      rows.push([t, open, high.toFixed(2), low.toFixed(2), close, '12.50000', t + interval - 1, '0', 10, '0', '0', '0']);
    }
    send(200, rows);
  }

  #exchangeInfo(): unknown {
    return {
      timezone: 'UTC',
      serverTime: this.nowMs,
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 }],
      exchangeFilters: [],
      symbols: this.markets.map((m) => ({
        symbol: m.symbol, status: 'TRADING', baseAsset: m.base, baseAssetPrecision: 8, quoteAsset: m.quote, quotePrecision: 8,
        quoteAssetPrecision: 8, baseCommissionPrecision: 8, quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true, ocoAllowed: true, quoteOrderQtyMarketAllowed: true, allowTrailingStop: true, cancelReplaceAllowed: true,
        isSpotTradingAllowed: true, isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: m.tick, maxPrice: '1000000.00000000', tickSize: m.tick },
          { filterType: 'LOT_SIZE', minQty: m.step, maxQty: '9000.00000000', stepSize: m.step },
          { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        ],
        permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      })),
    };
  }
}
