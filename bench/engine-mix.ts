/**
 * The paper engine under a realistic order mix: 1,000,000 operations (60% place a resting limit, 25% cancel,
 * 10% modify, 5% marketable) on 10 symbols that start with 10,000 resting orders, from a seeded stream, through
 * `PaperEngine` with its full accounting (validation, margin check per order, positions, balance, commission,
 * open-exposure reserve), configured as the paper broker configures it (no history kept). The same operation
 * stream goes to nodejs-order-book (one book per symbol), which matches orders against each other and keeps no
 * account. One core: everything runs in this process's main thread.
 */
import { OrderBook, Side as BookSide } from 'nodejs-order-book';
import { OrderType, parseFixed, toFixed } from '@trading-pro/contracts';
import type { PreOrder } from '@trading-pro/contracts';
import { PaperEngine, catalogOf, createRandom } from '@trading-pro/engine';
import type { Instrument, MarketQuote } from '@trading-pro/engine';
import { loadavg } from 'node:os';
import { type BenchResult, isMain, loadAverageRows, printResult, round, writeResult } from './lib.ts';

const SYMBOLS = 10;
const RESTING = 10_000;
const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 1_000_000);
const WARM_UP = 100_000;
/** Resting prices are this many ticks (cents) deep on each side, behind a one-tick spread. */
const DEPTH = 500;

const Op = { Place: 0, Cancel: 1, Modify: 2, Marketable: 3 } as const;

/** The operation stream, column by column; `target` is the stream id (placement number) of the order acted on. */
interface Stream {
  readonly count: number;
  readonly op: Uint8Array;
  readonly symbol: Uint8Array;
  readonly side: Int8Array;
  /** Limit price in cents (place, modify). */
  readonly cents: Int32Array;
  readonly qty: Int32Array;
  readonly target: Int32Array;
  /** Orders placed in all (the initial resting ones included). */
  readonly placed: number;
  /** Orders the stream still has working at its end. */
  readonly liveAtEnd: number;
}

const symbolName = (s: number): string => `SYM${s}`;
/** Symbol s trades around (100 + 10 s).00. */
const midCents = (s: number): number => 10_000 + 1_000 * s;

function instrument(symbol: string): Instrument {
  return {
    symbol, description: 'benchmark', type: 'crypto', exchange: 'SIM', currency: 'USD',
    tickSize: parseFixed('0.01'), lotStep: parseFixed('1'), minQty: parseFixed('1'),
    session: { spec: '24x7', timezone: 'Etc/UTC' }, maxLeverage: 10, defaultLeverage: 10,
  };
}

/**
 * A seeded stream. Places rest behind the touch (a buy 1–500 cents under the bid, a sell over the ask); cancels and
 * modifies pick a working order uniformly; modifies move the price within the same band (and now and then the
 * quantity); marketable orders are market orders of one unit on a random side.
 */
function generate(count: number, seed: number): Stream {
  const random = createRandom(seed).next;
  const total = RESTING + count;
  const op = new Uint8Array(total);
  const symbol = new Uint8Array(total);
  const side = new Int8Array(total);
  const cents = new Int32Array(total);
  const qty = new Int32Array(total);
  const target = new Int32Array(total);
  const live: number[] = [];
  const liveAt = new Int32Array(total).fill(-1);
  let placed = 0;
  const restingPrice = (s: number, sd: number): number => (sd === 1 ? midCents(s) - 1 - (1 + Math.floor(random() * DEPTH)) : midCents(s) + 1 + (1 + Math.floor(random() * DEPTH)));
  const place = (i: number): void => {
    const s = Math.floor(random() * SYMBOLS);
    const sd = random() < 0.5 ? 1 : -1;
    op[i] = Op.Place;
    symbol[i] = s;
    side[i] = sd;
    cents[i] = restingPrice(s, sd);
    qty[i] = 1 + Math.floor(random() * 10);
    target[i] = placed;
    liveAt[placed] = live.length;
    live.push(placed);
    placed++;
  };
  // The same order's symbol and side, by stream id, to price its modifies.
  const symbolOf = new Uint8Array(total);
  const sideOf = new Int8Array(total);
  for (let i = 0; i < total; i++) {
    const roll = random();
    if (i < RESTING || roll < 0.6 || live.length === 0) {
      place(i);
      symbolOf[placed - 1] = symbol[i] as number;
      sideOf[placed - 1] = side[i] as number;
    } else if (roll < 0.85) {
      const at = Math.floor(random() * live.length);
      const id = live[at] as number;
      const last = live.pop() as number;
      if (at < live.length) {
        live[at] = last;
        liveAt[last] = at;
      }
      liveAt[id] = -1;
      op[i] = Op.Cancel;
      target[i] = id;
      symbol[i] = symbolOf[id] as number;
    } else if (roll < 0.95) {
      const id = live[Math.floor(random() * live.length)] as number;
      op[i] = Op.Modify;
      target[i] = id;
      symbol[i] = symbolOf[id] as number;
      side[i] = sideOf[id] as number;
      cents[i] = restingPrice(symbol[i] as number, side[i] as number);
      qty[i] = random() < 0.25 ? 1 + Math.floor(random() * 10) : 0;
    } else {
      op[i] = Op.Marketable;
      symbol[i] = Math.floor(random() * SYMBOLS);
      side[i] = random() < 0.5 ? 1 : -1;
      qty[i] = 1;
    }
  }
  return { count: total, op, symbol, side, cents, qty, target, placed, liveAtEnd: live.length };
}

/** CPU time (user + system, all threads: the GC's helpers too) since `start`, in seconds. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function quoteOf(s: number): MarketQuote {
  const mid = BigInt(midCents(s)) * 1_000_000n;
  const size = toFixed(1_000_000_000);
  return { symbol: symbolName(s), time: 0, bid: mid - 1_000_000n, ask: mid + 1_000_000n, last: mid, bidSize: size, askSize: size, volume: 0n };
}

/** Runs stream operations [from, to) through the engine; returns the executions seen. */
function runEngine(engine: PaperEngine, stream: Stream, ids: string[], from: number, to: number): number {
  const names = Array.from({ length: SYMBOLS }, (_, s) => symbolName(s));
  let fills = 0;
  for (let i = from; i < to; i++) {
    const now = i + 1;
    switch (stream.op[i]) {
      case Op.Place: {
        const request: PreOrder = { symbol: names[stream.symbol[i] as number] as string, type: OrderType.Limit, side: stream.side[i] === 1 ? 1 : -1, qty: stream.qty[i] as number, limitPrice: (stream.cents[i] as number) / 100 };
        ids[stream.target[i] as number] = engine.placeOrder(request, now).orderId;
        break;
      }
      case Op.Cancel:
        engine.cancelOrder(ids[stream.target[i] as number] as string, now);
        break;
      case Op.Modify: {
        const qty = stream.qty[i] as number;
        engine.modifyOrder(ids[stream.target[i] as number] as string, qty === 0 ? { limitPrice: (stream.cents[i] as number) / 100 } : { limitPrice: (stream.cents[i] as number) / 100, qty }, now);
        break;
      }
      case Op.Marketable: {
        const events = engine.placeOrder({ symbol: names[stream.symbol[i] as number] as string, type: OrderType.Market, side: stream.side[i] === 1 ? 1 : -1, qty: stream.qty[i] as number }, now).events;
        for (const event of events) if (event.type === 'execution') fills++;
        break;
      }
    }
  }
  return fills;
}

function newEngine(): PaperEngine {
  const instruments = catalogOf(Array.from({ length: SYMBOLS }, (_, s) => instrument(symbolName(s))));
  const engine = new PaperEngine({
    accountId: 'BENCH', accountName: 'bench', currency: 'USD', initialBalance: 1e12, instruments,
    checkMarketHours: false, commission: { rate: 0.001, min: 0 }, retainHistory: false,
  });
  for (let s = 0; s < SYMBOLS; s++) engine.onQuote(quoteOf(s));
  return engine;
}

function benchEngine(stream: Stream): Record<string, string | number> {
  // Warm-up on an engine of its own, so the measured one starts from the same state as the order book.
  const warm = newEngine();
  runEngine(warm, stream, new Array<string>(stream.placed), 0, Math.min(stream.count, RESTING + WARM_UP));
  const engine = newEngine();
  const ids = new Array<string>(stream.placed);
  runEngine(engine, stream, ids, 0, RESTING);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const fills = runEngine(engine, stream, ids, RESTING, stream.count);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  const margin = engine.margin();
  return {
    impl: 'trading-pro PaperEngine (full accounting)',
    operations: stream.count - RESTING,
    fills,
    'resting at end': engine.workingOrderCount(),
    seconds: round(seconds, 3),
    'ops/s': Math.round((stream.count - RESTING) / seconds),
    'ops per CPU second': Math.round((stream.count - RESTING) / cpuSeconds),
    'margin held for orders': round(margin.orders, 2),
  };
}

/** The same stream through one nodejs-order-book per symbol: matching only, no account. */
function runBook(books: OrderBook[], stream: Stream, from: number, to: number): { fills: number; misses: number } {
  let fills = 0;
  let misses = 0;
  for (let i = from; i < to; i++) {
    const book = books[stream.symbol[i] as number] as OrderBook;
    const id = `o${stream.target[i] as number}`;
    switch (stream.op[i]) {
      case Op.Place:
        book.limit({ side: stream.side[i] === 1 ? BookSide.BUY : BookSide.SELL, id, size: stream.qty[i] as number, price: (stream.cents[i] as number) / 100 });
        break;
      case Op.Cancel:
        if (book.cancel(id) === undefined) misses++;
        break;
      case Op.Modify: {
        const qty = stream.qty[i] as number;
        const result = book.modify(id, qty === 0 ? { price: (stream.cents[i] as number) / 100 } : { price: (stream.cents[i] as number) / 100, size: qty });
        if (result.err !== null) misses++;
        break;
      }
      case Op.Marketable:
        fills += book.market({ side: stream.side[i] === 1 ? BookSide.BUY : BookSide.SELL, size: stream.qty[i] as number }).done.length;
        break;
    }
  }
  return { fills, misses };
}

function benchBook(stream: Stream): Record<string, string | number> {
  const newBooks = (): OrderBook[] => Array.from({ length: SYMBOLS }, () => new OrderBook());
  runBook(newBooks(), stream, 0, Math.min(stream.count, RESTING + WARM_UP));
  const books = newBooks();
  runBook(books, stream, 0, RESTING);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { fills, misses } = runBook(books, stream, RESTING, stream.count);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSecondsSince(cpu);
  return {
    impl: 'nodejs-order-book (matching only, no accounting)',
    operations: stream.count - RESTING,
    fills,
    'resting at end': '',
    seconds: round(seconds, 3),
    'ops/s': Math.round((stream.count - RESTING) / seconds),
    'ops per CPU second': Math.round((stream.count - RESTING) / cpuSeconds),
    'cancels/modifies of orders the book had filled': misses,
  };
}

export async function run(): Promise<BenchResult> {
  const before = loadavg()[0] ?? 0;
  const stream = generate(OPERATIONS, 42);
  const engineRow = benchEngine(stream);
  const bookRow = benchBook(stream);
  const engineRate = Number(engineRow['ops/s']);
  const bookRate = Number(bookRow['ops/s']);
  return {
    name: `Engine under a mixed order flow (${OPERATIONS.toLocaleString('en-US')} ops: 60% place, 25% cancel, 10% modify, 5% marketable; ${SYMBOLS} symbols, ${RESTING.toLocaleString('en-US')} resting at start)`,
    rows: [engineRow, bookRow],
    summary: { engineOpsPerSec: engineRate, orderBookOpsPerSec: bookRate, engineOverOrderBook: round(engineRate / bookRate, 2), goalOpsPerSec: 2_000_000, streamLiveAtEnd: stream.liveAtEnd, ...loadAverageRows(before) },
  };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('engine-mix', result);
}
