/**
 * Engine tick throughput: quotes per second against 10,000 resting limit orders (most quotes cross
 * nothing, one in CROSS_EVERY takes the best order), side by side with nodejs-order-book doing the same
 * matching against the same 10,000 resting limits, two ways: each quote's two sides sent as IOC limit
 * orders, and a best-price check per side with a market order only when the quote crosses.
 */
import { OrderBook, Side as BookSide } from 'nodejs-order-book';
import type { LimitOrderOptions } from 'nodejs-order-book';
import { OrderType, parseFixed, toFixed } from '@trading-pro/contracts';
import { PaperEngine, catalogOf } from '@trading-pro/engine';
import type { Instrument, MarketQuote } from '@trading-pro/engine';
import { type BenchResult, isMain, printResult, round, writeResult } from './lib.ts';

const RESTING = 10_000;
const TICKS = 2_000_000;
const IOC_TICKS = 100_000;
const CHECK_TICKS = 1_000_000;
const CROSS_EVERY = 1_000;
const POOL = 4_096;
/** Resting buys from 49,990.00 down, sells from 50,010.00 up, one per cent; quotes wander in between. */
const BUY_TOP = 4_999_000;
const SELL_BOTTOM = 5_001_000;

const INSTRUMENT: Instrument = {
  symbol: 'BENCH', description: 'benchmark', type: 'crypto', exchange: 'SIM', currency: 'USD',
  tickSize: parseFixed('0.01'), lotStep: parseFixed('1'), minQty: parseFixed('1'),
  session: { spec: '24x7', timezone: 'Etc/UTC' }, maxLeverage: 100, defaultLeverage: 100,
};

interface Tick { readonly bidCents: number; readonly askCents: number; readonly size: number }

/** A seeded stream: a bounded walk inside the gap, and every CROSS_EVERY-th tick one side reaches the next resting order. */
function stream(count: number): Tick[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const walk: Tick[] = [];
  let mid = 5_000_000;
  for (let i = 0; i < POOL; i++) {
    mid = Math.min(SELL_BOTTOM - 200, Math.max(BUY_TOP + 200, mid + Math.round((random() - 0.5) * 20)));
    walk.push({ bidCents: mid - 1, askCents: mid + 1, size: 5 });
  }
  const ticks: Tick[] = [];
  let crossed = 0;
  for (let i = 0; i < count; i++) {
    if (i % CROSS_EVERY === CROSS_EVERY - 1) {
      const level = Math.floor(crossed / 2);
      ticks.push(crossed % 2 === 0 ? { bidCents: BUY_TOP - level - 2, askCents: BUY_TOP - level, size: 1 } : { bidCents: SELL_BOTTOM + level, askCents: SELL_BOTTOM + level + 2, size: 1 });
      crossed++;
    } else ticks.push(walk[i % POOL] as Tick);
  }
  return ticks;
}

function toQuote(tick: Tick, time: number): MarketQuote {
  const bid = BigInt(tick.bidCents) * 1_000_000n;
  const ask = BigInt(tick.askCents) * 1_000_000n;
  const size = toFixed(tick.size);
  return { symbol: 'BENCH', time, bid, ask, last: bid, bidSize: size, askSize: size, volume: 0n };
}

function benchEngine(ticks: readonly Tick[]): Record<string, number | string> {
  const engine = new PaperEngine({ accountId: 'BENCH', accountName: 'bench', currency: 'USD', initialBalance: 1e12, instruments: catalogOf([INSTRUMENT]), checkMarketHours: false });
  engine.onQuote(toQuote({ bidCents: 4_999_999, askCents: 5_000_001, size: 5 }, 0));
  for (let i = 0; i < RESTING / 2; i++) {
    engine.placeOrder({ symbol: 'BENCH', type: OrderType.Limit, side: 1, qty: 1, limitPrice: (BUY_TOP - i) / 100 }, 0);
    engine.placeOrder({ symbol: 'BENCH', type: OrderType.Limit, side: -1, qty: 1, limitPrice: (SELL_BOTTOM + i) / 100 }, 0);
  }
  const quotes = ticks.map((t, i) => toQuote(t, i + 1)); // built up front: the loop measures the engine only
  let fills = 0;
  const start = performance.now();
  for (const quote of quotes) {
    const events = engine.onQuote(quote);
    for (const event of events) if (event.type === 'execution') fills++;
  }
  return row('trading-pro engine (onQuote)', quotes.length, fills, start);
}

function restingBook(): OrderBook {
  const book = new OrderBook();
  for (let i = 0; i < RESTING / 2; i++) {
    book.limit({ side: BookSide.BUY, id: `b${i}`, size: 1, price: (BUY_TOP - i) / 100 });
    book.limit({ side: BookSide.SELL, id: `s${i}`, size: 1, price: (SELL_BOTTOM + i) / 100 });
  }
  return book;
}

function row(impl: string, ticks: number, fills: number, start: number): Record<string, number | string> {
  const seconds = (performance.now() - start) / 1000;
  return { impl, resting: RESTING, ticks, fills, seconds: round(seconds, 3), ticksPerSec: Math.round(ticks / seconds) };
}

/** The quote's ask is a seller hitting resting buys at or above it; its bid a buyer lifting sells at or below it. */
function benchOrderBookIoc(ticks: readonly Tick[]): Record<string, number | string> {
  const book = restingBook();
  const ioc = 'IOC' as LimitOrderOptions['timeInForce'];
  let fills = 0;
  let id = 0;
  const start = performance.now();
  for (const tick of ticks) {
    const sold = book.limit({ side: BookSide.SELL, id: `q${id++}`, size: tick.size, price: tick.askCents / 100, timeInForce: ioc });
    const bought = book.limit({ side: BookSide.BUY, id: `q${id++}`, size: tick.size, price: tick.bidCents / 100, timeInForce: ioc });
    fills += sold.done.length + bought.done.length - (sold.done.length > 0 ? 1 : 0) - (bought.done.length > 0 ? 1 : 0);
  }
  return row('nodejs-order-book (2 IOC limits per quote)', ticks.length, fills, start);
}

/** Best bid and ask looked up per quote; a market order only when the quote crosses them. */
function benchOrderBookCheck(ticks: readonly Tick[]): Record<string, number | string> {
  const book = restingBook();
  let fills = 0;
  const start = performance.now();
  for (const tick of ticks) {
    const bestBid = book.calculateMarketPrice(BookSide.SELL, 1).price;
    const bestAsk = book.calculateMarketPrice(BookSide.BUY, 1).price;
    if (bestBid > 0 && tick.askCents / 100 <= bestBid) fills += book.market({ side: BookSide.SELL, size: tick.size }).done.length;
    if (bestAsk > 0 && tick.bidCents / 100 >= bestAsk) fills += book.market({ side: BookSide.BUY, size: tick.size }).done.length;
  }
  return row('nodejs-order-book (best-price check + market order)', ticks.length, fills, start);
}

export async function run(): Promise<BenchResult> {
  const engineRow = benchEngine(stream(TICKS));
  const iocRow = benchOrderBookIoc(stream(IOC_TICKS));
  const checkRow = benchOrderBookCheck(stream(CHECK_TICKS));
  const engineRate = Number(engineRow.ticksPerSec);
  const bookRate = Math.max(Number(iocRow.ticksPerSec), Number(checkRow.ticksPerSec));
  return {
    name: 'engine ticks vs 10,000 resting orders',
    rows: [engineRow, checkRow, iocRow],
    summary: { engineTicksPerSec: engineRate, orderBookTicksPerSec: bookRate, engineOverOrderBook: round(engineRate / bookRate, 2) },
  };
}

if (isMain(import.meta.url)) {
  const result = await run();
  printResult(result);
  writeResult('engine-ticks', result);
}
