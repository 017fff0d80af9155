/**
 * A fake TWS for market data only, on loopback, at server version 193 (see ib-fake-wire.ts): the handshake and START_API, `reqMktData`
 * answered with tick prices and sizes (and pushed again on `setQuote`), `cancelMktData`, and `reqHistoricalData`
 * answered with ten bars ending at the requested end (epoch seconds, or `yyyyMMdd` for daily bars).
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { IN, OUT, errorMessage, frame, negotiateVersion, nextValidIdMessage, readMessages } from './ib-fake-wire.ts';
import type { Field } from './ib-fake-wire.ts';

const MSG = { TICK_PRICE: 1, TICK_SIZE: 2, HISTORICAL_DATA: 17, REQ_MKT_DATA: 1, CANCEL_MKT_DATA: 2, REQ_HISTORICAL_DATA: 20 } as const;
const TICK = { BID_SIZE: 0, BID: 1, ASK: 2, ASK_SIZE: 3, LAST: 4, HIGH: 6, LOW: 7, VOLUME: 8, CLOSE: 9, OPEN: 14 } as const;
const BAR_MS: Readonly<Record<string, number>> = { '1 min': 60_000, '5 mins': 300_000, '15 mins': 900_000, '1 hour': 3_600_000, '1 day': 86_400_000 };

export interface FakeTop {
  bid: number;
  ask: number;
  last: number;
  volume: number;
}

export class IbMarketDataFake {
  readonly books = new Map<string, FakeTop>([
    ['AAPL', { bid: 189.98, ask: 190.02, last: 190, volume: 10_000 }],
    ['EUR', { bid: 1.08495, ask: 1.08505, last: 1.085, volume: 0 }],
  ]);
  /** Historical data requests: [symbol, end, bar size, duration]. */
  readonly historyRequests: string[][] = [];
  readonly #subscriptions = new Map<number, { socket: Socket; symbol: string }>();
  readonly #server: Server;

  constructor() {
    this.#server = createServer((socket) => this.#accept(socket));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const { socket } of this.#subscriptions.values()) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** A new top of book, pushed to every subscriber of the symbol. */
  setQuote(symbol: string, top: Partial<FakeTop>): void {
    const book = this.books.get(symbol);
    if (!book) throw new Error(`no book ${symbol}`);
    Object.assign(book, top);
    for (const [tickerId, sub] of this.#subscriptions) if (sub.symbol === symbol) this.#sendTop(sub.socket, tickerId, book);
  }

  #accept(socket: Socket): void {
    let buffer: Buffer = Buffer.alloc(0);
    let handshakeDone = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const { messages, rest, handshake } = readMessages(buffer, handshakeDone);
      buffer = rest;
      if (handshake !== undefined) {
        handshakeDone = true;
        const version = negotiateVersion(handshake);
        if (version === undefined) {
          socket.destroy();
          return;
        }
        socket.write(frame([version, '20240603 14:00:00 US/Eastern']));
      }
      for (const message of messages) this.#onMessage(socket, message);
    });
    socket.on('error', () => undefined);
  }

  #send(socket: Socket, fields: readonly Field[]): void {
    if (!socket.destroyed) socket.write(frame(fields));
  }

  #onMessage(socket: Socket, m: string[]): void {
    const id = Number(m[0]);
    if (id === OUT.START_API) {
      this.#send(socket, nextValidIdMessage(1));
      this.#send(socket, [IN.MANAGED_ACCTS, 1, 'DU1234567']);
    } else if (id === MSG.REQ_MKT_DATA) {
      const tickerId = Number(m[2]);
      const symbol = m[4] ?? '';
      const book = this.books.get(symbol);
      if (!book) return this.#send(socket, errorMessage(tickerId, 200, 'No security definition has been found for the request'));
      this.#subscriptions.set(tickerId, { socket, symbol });
      this.#send(socket, [MSG.TICK_PRICE, 3, tickerId, TICK.CLOSE, book.last - 1, 0, 0]);
      this.#send(socket, [MSG.TICK_PRICE, 3, tickerId, TICK.OPEN, book.last - 0.5, 0, 0]);
      this.#send(socket, [MSG.TICK_PRICE, 3, tickerId, TICK.HIGH, book.last + 1, 0, 0]);
      this.#send(socket, [MSG.TICK_PRICE, 3, tickerId, TICK.LOW, book.last - 2, 0, 0]);
      this.#sendTop(socket, tickerId, book);
    } else if (id === MSG.CANCEL_MKT_DATA) this.#subscriptions.delete(Number(m[2]));
    else if (id === MSG.REQ_HISTORICAL_DATA) this.#history(socket, m);
  }

  #sendTop(socket: Socket, tickerId: number, book: FakeTop): void {
    this.#send(socket, [MSG.TICK_PRICE, 3, tickerId, TICK.BID, book.bid, 200, 1]);
    // TWS also sends sizes on their own (and @stoqey/ib drops the bid size folded into a price tick: its id is 0).
    this.#send(socket, [MSG.TICK_SIZE, 1, tickerId, TICK.BID_SIZE, 200]);
    this.#send(socket, [MSG.TICK_PRICE, 3, tickerId, TICK.ASK, book.ask, 300, 1]);
    this.#send(socket, [MSG.TICK_PRICE, 3, tickerId, TICK.LAST, book.last, 100, 0]);
    this.#send(socket, [MSG.TICK_SIZE, 1, tickerId, TICK.VOLUME, book.volume]);
  }

  /** Fields at server version 193 (no message version since SYNT_REALTIME_BARS): reqId at 1, symbol at 3, end at 15, bar size at 16, duration at 17. */
  #history(socket: Socket, m: string[]): void {
    const reqId = Number(m[1]);
    const symbol = m[3] ?? '';
    const end = m[15] ?? '';
    const barSize = m[16] ?? '1 min';
    this.historyRequests.push([symbol, end, barSize, m[17] ?? '']);
    const book = this.books.get(symbol);
    if (!book) return this.#send(socket, errorMessage(reqId, 162, 'Historical Market Data Service error message:No data'));
    const endMs = Date.parse(`${end.slice(0, 4)}-${end.slice(4, 6)}-${end.slice(6, 8)}T${end.slice(9)}Z`);
    const size = BAR_MS[barSize] ?? 60_000;
    const last = Math.floor((endMs - 1) / size) * size;
    const bars: Field[] = [];
    for (let i = 9; i >= 0; i--) {
      const time = last - i * size;
      const close = Math.round((book.last - i * 0.1) * 100) / 100;
      const date = size === 86_400_000 ? new Date(time).toISOString().slice(0, 10).replaceAll('-', '') : String(time / 1000);
      // date, open, high, low, close, volume, WAP, barCount (hasGaps left the message at SYNT_REALTIME_BARS)
      bars.push(date, close - 0.05, close + 0.1, close - 0.1, close, 1000 + i, close, 5);
    }
    this.#send(socket, [MSG.HISTORICAL_DATA, reqId, 'start', 'end', 10, ...bars]);
  }
}
