/**
 * Test fake: a loopback HTTP server answering Alpaca's documented market data API v2 (`/v2/stocks/snapshots`,
 * `/v2/stocks/bars` with paging) from a small book of prices, checking the key headers like the real one, and its
 * real-time stream (`/v2/iex`: `connected`, `auth`, `subscribe`, then `q` and `t` messages).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface FakeStock {
  bid: number;
  ask: number;
  last: number;
  /** Shares traded today. */
  volume: number;
  prevClose: number;
}

const FRAMES: Readonly<Record<string, number>> = { '1Min': 60_000, '5Min': 300_000, '15Min': 900_000, '1Hour': 3_600_000, '1Day': 86_400_000 };
const PAGE = 3;

export class AlpacaDataFake {
  readonly keyId = 'PKTESTDATA';
  readonly secretKey = 'data-secret';
  readonly stocks = new Map<string, FakeStock>([
    ['AAPL', { bid: 230.1, ask: 230.12, last: 230.11, volume: 1_000, prevClose: 228 }],
    ['SPY', { bid: 601.5, ask: 601.52, last: 601.5, volume: 5_000, prevClose: 600 }],
  ]);
  /** Paths requested, in order. */
  readonly requests: string[] = [];
  nowMs: number;
  readonly #server: Server;
  readonly #streams: WebSocketServer;
  readonly #subscribed = new Set<WebSocket>();

  constructor(nowMs: number) {
    this.nowMs = nowMs;
    this.#server = createServer((request, response) => this.#handle(request, response));
    this.#streams = new WebSocketServer({ server: this.#server, path: '/v2/iex' });
    this.#streams.on('connection', (socket) => this.#onSocket(socket));
  }

  /** Sends a quote (`q`) or a trade (`t`) of `symbol` to every subscribed stream. */
  push(message: { T: 'q'; S: string; bp: number; bs: number; ap: number; as: number } | { T: 't'; S: string; p: number; s: number }): void {
    const frame = JSON.stringify([{ ...message, t: new Date(this.nowMs).toISOString() }]);
    for (const socket of this.#subscribed) socket.send(frame);
  }

  get streams(): number {
    return this.#subscribed.size;
  }

  #onSocket(socket: WebSocket): void {
    socket.send(JSON.stringify([{ T: 'success', msg: 'connected' }]));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { action?: string; key?: string; secret?: string; quotes?: string[]; trades?: string[] };
      if (message.action === 'auth') {
        const ok = message.key === this.keyId && message.secret === this.secretKey;
        socket.send(JSON.stringify([ok ? { T: 'success', msg: 'authenticated' } : { T: 'error', code: 402, msg: 'auth failed' }]));
      } else if (message.action === 'subscribe') {
        this.#subscribed.add(socket);
        socket.send(JSON.stringify([{ T: 'subscription', trades: message.trades ?? [], quotes: message.quotes ?? [], bars: [] }]));
      }
    });
    socket.on('close', () => this.#subscribed.delete(socket));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.#streams.clients) socket.terminate();
    this.#streams.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    this.requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers['apca-api-key-id'] !== this.keyId || request.headers['apca-api-secret-key'] !== this.secretKey) {
      send(401, { message: 'unauthorized.' });
      return;
    }
    const symbols = (url.searchParams.get('symbols') ?? '').split(',').filter(Boolean);
    if (url.pathname === '/v2/stocks/snapshots') {
      send(200, Object.fromEntries(symbols.flatMap((symbol) => {
        const stock = this.stocks.get(symbol);
        return stock ? [[symbol, this.#snapshot(stock)]] : [];
      })));
      return;
    }
    if (url.pathname === '/v2/stocks/bars') {
      send(200, this.#bars(symbols, url.searchParams));
      return;
    }
    send(404, { message: 'not found' });
  }

  #snapshot(stock: FakeStock): unknown {
    const t = new Date(this.nowMs).toISOString();
    const day = Date.UTC(new Date(this.nowMs).getUTCFullYear(), new Date(this.nowMs).getUTCMonth(), new Date(this.nowMs).getUTCDate()) + 5 * 3_600_000;
    return {
      latestTrade: { t, x: 'V', p: stock.last, s: 100, c: ['@'], i: 1, z: 'C' },
      latestQuote: { t, ax: 'V', ap: stock.ask, as: 3, bx: 'V', bp: stock.bid, bs: 2, c: ['R'], z: 'C' },
      minuteBar: { t, o: stock.last, h: stock.last, l: stock.last, c: stock.last, v: 10, n: 1, vw: stock.last },
      dailyBar: { t: new Date(day).toISOString(), o: stock.prevClose, h: Math.max(stock.prevClose, stock.last), l: Math.min(stock.prevClose, stock.last), c: stock.last, v: stock.volume, n: 10, vw: stock.last },
      prevDailyBar: { t: new Date(day - 86_400_000).toISOString(), o: stock.prevClose, h: stock.prevClose, l: stock.prevClose, c: stock.prevClose, v: 900, n: 9, vw: stock.prevClose },
    };
  }

  /** Ten bars ending at the clock, a line from prevClose to last; pages of three rows (`next_page_token`). */
  #bars(symbols: readonly string[], query: URLSearchParams): unknown {
    const size = FRAMES[query.get('timeframe') ?? ''] ?? 60_000;
    const start = Date.parse(query.get('start') ?? '1970-01-01T00:00:00Z');
    const end = Date.parse(query.get('end') ?? new Date(this.nowMs).toISOString());
    const offset = Number(query.get('page_token') ?? '0');
    const descending = query.get('sort') === 'desc';
    const bars: Record<string, unknown[]> = {};
    let next: string | null = null;
    for (const symbol of symbols) {
      const stock = this.stocks.get(symbol);
      if (!stock) continue;
      const last = Math.floor(this.nowMs / size) * size;
      const rows = Array.from({ length: 10 }, (_, i) => {
        const time = last - (9 - i) * size;
        const close = Math.round((stock.prevClose + ((stock.last - stock.prevClose) * (i + 1)) / 10) * 100) / 100;
        return { t: new Date(size === 86_400_000 ? time + 5 * 3_600_000 : time).toISOString(), o: close, h: close + 0.05, l: close - 0.05, c: close, v: 100 + i, n: 5, vw: close, time };
      }).filter((row) => row.time >= start && row.time <= end);
      if (descending) rows.reverse();
      const page = rows.slice(offset, offset + PAGE);
      bars[symbol] = page.map(({ time: _time, ...row }) => row);
      if (offset + PAGE < rows.length) next = String(offset + PAGE);
    }
    return { bars, next_page_token: next };
  }
}
