/**
 * Matching against the top of book: stops trigger on touch, market orders take the displayed size,
 * limits fill when the market crosses them; IOC/FOK act once on activation; trailing stops follow.
 */
import { OrderType, isFinalStatus, minFixed, roundToStep } from '@trading-pro/contracts';
import type { Fixed, Side } from '@trading-pro/contracts';
import type { Instrument } from '../market/instrument.ts';
import type { MarketQuote } from '../market/quote.ts';
import type { TradingPeriod } from '../models/market-hours.ts';
import { slippedPrice } from '../models/slippage.ts';
import type { SymbolBook } from './book.ts';
import type { EngineCore } from './core.ts';
import { fillOrder } from './fills.ts';
import type { OrderRecord } from './records.ts';

function liquidity(book: SymbolBook, side: Side): Fixed {
  return side === 1 ? book.askLeft : book.bidLeft;
}

/** What of the order's remainder the displayed size can take, in whole lots. */
function fillableQty(order: OrderRecord, available: Fixed, lotStep: Fixed): Fixed {
  if (available <= 0n) return 0n;
  return roundToStep(minFixed(order.qty - order.filledQty, available), lotStep, 'floor');
}

/** What a reduce-only order may still fill: the size of the opposite position (0 when there is none). */
function reduceRoom(core: EngineCore, order: OrderRecord): Fixed {
  const position = core.state.positions.get(order.symbol);
  return position === undefined || position.side === order.side ? 0n : position.qty < 0n ? -position.qty : position.qty;
}

function take(core: EngineCore, book: SymbolBook, order: OrderRecord, qty: Fixed, price: Fixed, time: number): void {
  let size = qty;
  if (order.reduceOnly === true) {
    // A close never opens the other side: it fills at most what is left of the position, then stops.
    const room = reduceRoom(core, order);
    if (room === 0n) {
      core.cancel(order, time, 'reduce-only: no position left to close');
      return;
    }
    if (room < size) size = room;
  }
  if (order.side === 1) book.askLeft -= size;
  else book.bidLeft -= size;
  const filled = fillOrder(core, order, size, price, time);
  if (filled.reduceOnly === true && !isFinalStatus(filled.status) && reduceRoom(core, filled) === 0n) {
    core.cancel(core.state.orders.get(filled.id) ?? filled, time, 'reduce-only: the position is closed');
  }
}

export function marketPrice(core: EngineCore, instrument: Instrument, quote: MarketQuote, side: Side, qty: Fixed): Fixed {
  return side === 1
    ? slippedPrice(core.slippage, side, quote.ask, qty, quote.askSize, instrument.tickSize)
    : slippedPrice(core.slippage, side, quote.bid, qty, quote.bidSize, instrument.tickSize);
}

/** Is a limit marketable against the quote (it crosses the opposite side)? */
function crossesLimit(order: OrderRecord, quote: MarketQuote): boolean {
  const limit = order.limitPrice ?? 0n;
  return order.side === 1 ? quote.ask <= limit : quote.bid >= limit;
}

/** The trading period of the book's current quote (cached per period; a closed market is checked once a minute). */
export function periodOf(core: EngineCore, book: SymbolBook, instrument: Instrument, time: number): TradingPeriod | undefined {
  const period = book.period;
  if (period !== undefined && time >= period.open && time < period.close) return period;
  const minute = Math.floor(time / 60_000);
  if (period === undefined && book.closedMinute === minute) return undefined;
  book.period = core.marketHours.periodAt(instrument, time);
  book.closedMinute = book.period === undefined ? minute : Number.NaN;
  return book.period;
}

/**
 * Works every order of the book against its current quote, if the market trades at the quote's time: in the regular
 * session every order, in pre- and post-market only extended-hours orders, while closed none. The first quote of a
 * session is its opening auction: orders the open reaches fill at the opening price, gap or not.
 */
export function matchBook(core: EngineCore, book: SymbolBook, time: number): void {
  const quote = book.quote;
  const instrument = core.instrument(book.symbol);
  if (quote === undefined || instrument === undefined) return;
  const period = periodOf(core, book, instrument, quote.time);
  // Closed, or the quote is left over from a session that has ended: wait for the market's next quote.
  if (period === undefined || time >= period.close) return;
  if (period.kind === 'extended') {
    fillExtended(core, book, instrument, quote, time);
    return;
  }
  const auction = book.previousQuoteTime < period.open;
  triggerStops(core, book, 1, quote, time);
  triggerStops(core, book, -1, quote, time);
  fillMarkets(core, book, instrument, quote, time);
  fillLimits(core, book, 1, instrument, quote, time, auction);
  fillLimits(core, book, -1, instrument, quote, time, auction);
  book.arrivals.clear();
}

/** The touch moved against a marketable limit by the slippage model, capped at the limit. */
function takerPrice(core: EngineCore, instrument: Instrument, order: OrderRecord, quote: MarketQuote, qty: Fixed, touch: Fixed): Fixed {
  const limit = order.limitPrice ?? touch;
  const slipped = slippedPrice(core.slippage, order.side, touch, qty, order.side === 1 ? quote.askSize : quote.bidSize, instrument.tickSize);
  return order.side === 1 ? minFixed(slipped, limit) : slipped > limit ? slipped : limit;
}

/** Pre- and post-market: only extended-hours limits trade (a few orders at most, so a plain scan). */
function fillExtended(core: EngineCore, book: SymbolBook, instrument: Instrument, quote: MarketQuote, time: number): void {
  for (const side of [1, -1] as const) {
    const candidates = [...book.limits(side)].filter((order) => order.extendedHours === true);
    for (const order of candidates) {
      const current = core.state.orders.get(order.id);
      if (current === undefined || isFinalStatus(current.status)) continue;
      const arriving = book.arrivals.has(order.id);
      if (!(arriving ? crossesLimit(current, quote) : core.fill.reaches(side, current.limitPrice ?? 0n, quote))) continue;
      const qty = fillableQty(current, liquidity(book, side), instrument.lotStep);
      if (qty === 0n) break;
      take(core, book, current, qty, arriving ? takerPrice(core, instrument, current, quote, qty, side === 1 ? quote.ask : quote.bid) : (current.limitPrice ?? 0n), time);
    }
  }
  for (const id of [...book.arrivals]) if (core.state.orders.get(id)?.extendedHours === true) book.arrivals.delete(id);
}

function triggerStops(core: EngineCore, book: SymbolBook, side: Side, quote: MarketQuote, time: number): void {
  const stops = book.stops(side);
  for (let order = stops.best(); order !== undefined; order = stops.best()) {
    const stop = order.stopPrice ?? 0n;
    if (side === 1 ? quote.ask < stop : quote.bid > stop) return;
    core.update(order, { triggered: true }, time);
  }
}

function fillMarkets(core: EngineCore, book: SymbolBook, instrument: Instrument, quote: MarketQuote, time: number): void {
  // Restart after every fill: a fill may cancel or resize other queued orders (brackets).
  let index = 0;
  while (index < book.markets.length) {
    const order = book.markets[index];
    if (order === undefined) return;
    const qty = fillableQty(order, liquidity(book, order.side), instrument.lotStep);
    if (qty === 0n) {
      index++;
      continue;
    }
    take(core, book, order, qty, marketPrice(core, instrument, quote, order.side, qty), time);
    index = 0;
  }
}

/**
 * Limits, best first. One that meets the market for the first time (a new or re-priced order, or any order at the
 * opening auction) and crosses it takes the touch, a taker; one that was resting fills at its own limit once the
 * fill model says the market reached it, a maker: a gap through a resting buy at 59,500 fills it at 59,500.
 */
function fillLimits(core: EngineCore, book: SymbolBook, side: Side, instrument: Instrument, quote: MarketQuote, time: number, auction: boolean): void {
  const limits = book.limits(side);
  const touch = side === 1 ? quote.ask : quote.bid;
  for (let order = limits.best(); order !== undefined; order = limits.best()) {
    const limit = order.limitPrice ?? 0n;
    const taker = auction || book.arrivals.has(order.id);
    if (!(taker ? crossesLimit(order, quote) : core.fill.reaches(side, limit, quote))) return;
    const qty = fillableQty(order, liquidity(book, side), instrument.lotStep);
    if (qty === 0n) return;
    // A taker pays the touch moved by slippage, never worse than its limit; at the auction a crossed resting order
    // gets the opening price.
    take(core, book, order, qty, taker && crossesLimit(order, quote) ? takerPrice(core, instrument, order, quote, qty, touch) : limit, time);
  }
}

/** IOC and FOK get one chance when they become active: fill what they can, cancel the rest. */
export function executeImmediate(core: EngineCore, order: OrderRecord, time: number): void {
  const book = core.state.book(order.symbol);
  const instrument = core.instrument(order.symbol);
  const open = book.quote !== undefined && instrument !== undefined && periodOf(core, book, instrument, book.quote.time)?.kind === 'regular';
  const quote = open ? book.quote : undefined;
  const remaining = order.qty - order.filledQty;
  const crosses = quote !== undefined && (order.type === OrderType.Market || crossesLimit(order, quote));
  const available = instrument === undefined ? 0n : roundToStep(liquidity(book, order.side), instrument.lotStep, 'floor');
  if (order.duration === 'FOK' && (!crosses || available < remaining)) {
    core.cancel(order, time, 'FOK: not fillable in full now');
    return;
  }
  if (crosses && instrument !== undefined && quote !== undefined && available > 0n) {
    const qty = minFixed(remaining, available);
    const price = order.type === OrderType.Market ? marketPrice(core, instrument, quote, order.side, qty) : takerPrice(core, instrument, order, quote, qty, order.side === 1 ? quote.ask : quote.bid);
    take(core, book, order, qty, price, time);
  }
  const latest = core.state.orders.get(order.id);
  if (latest !== undefined && !isFinalStatus(latest.status)) core.cancel(latest, time, 'IOC: unfilled remainder canceled');
}

/** Moves awake trailing stop-losses toward the market; they never move back. */
export function updateTrailing(core: EngineCore, book: SymbolBook, quote: MarketQuote, time: number): void {
  const instrument = core.instrument(book.symbol);
  if (instrument === undefined) return;
  for (const id of book.trailing) {
    const order = core.state.orders.get(id);
    if (order === undefined || order.triggered || order.trailingStopPips === undefined || order.stopPrice === undefined) continue;
    const distance = BigInt(order.trailingStopPips) * instrument.tickSize;
    const candidate = order.side === -1 ? quote.bid - distance : quote.ask + distance;
    if (order.side === -1 ? candidate > order.stopPrice : candidate < order.stopPrice) core.update(order, { stopPrice: candidate }, time);
  }
}

/** Lets time act: DAY expiries, then orders whose latency has elapsed (matched on their current quotes). */
export function processDue(core: EngineCore): void {
  const state = core.state;
  const time = state.clock;
  if (state.nextExpiry <= time) {
    for (const order of state.dueExpiries()) {
      const current = state.orders.get(order.id);
      if (current !== undefined) core.cancel(current, time, 'expired');
    }
  }
  if (state.nextActiveAt <= time) {
    const promoted = state.promoteDue();
    const symbols = new Set<string>();
    for (const order of promoted) {
      const current = state.orders.get(order.id);
      if (current === undefined || isFinalStatus(current.status)) continue;
      if (current.duration === 'IOC' || current.duration === 'FOK') executeImmediate(core, current, time);
      else symbols.add(current.symbol);
    }
    for (const symbol of symbols) matchBook(core, state.book(symbol), time);
  }
}

/** Moves the clock to `now` (never back) and lets time act. */
export function advanceClock(core: EngineCore, now: number): void {
  if (now > core.state.clock) core.state.clock = now;
  processDue(core);
}
