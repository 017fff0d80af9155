/** Placing and previewing orders: validation, business checks (symbol, hours, quote, margin), acceptance. */
import { ErrorCode, OrderStatus, OrderType, TradingError, fixedToString, mulFixed, roundToStep, toFixed } from '@trading-pro/contracts';
import type { Fixed, OrderPreview, PreOrder, Side } from '@trading-pro/contracts';
import type { Instrument } from '../market/instrument.ts';
import { decimalsOf } from '../market/instrument.ts';
import { extendedWindowsOfDay, sessionDayIndex } from '../market/session-calendar.ts';
import { reservedMargin, withOrder, type OpenExposure } from './open-exposure.ts';
import { createChildren } from './brackets.ts';
import { orderIdOf } from './core.ts';
import type { EngineCore } from './core.ts';
import { advanceClock, executeImmediate, marketPrice, matchBook } from './matching.ts';
import type { OrderRecord } from './records.ts';
import { checkBracketSides, checkQty, checkStopSide, invalid, optionalPrice, requestKeyOf, validatePreOrder } from './validation.ts';

export interface PlaceResult {
  readonly orderId: string;
  readonly rejection?: TradingError;
}

interface Checked {
  readonly instrument: Instrument;
  readonly qty: Fixed;
  readonly limitPrice?: Fixed;
  readonly stopPrice?: Fixed;
  readonly takeProfit?: Fixed;
  readonly stopLoss?: Fixed;
  /** The price the order is expected to trade at (none for a market order without a quote). */
  readonly price?: Fixed;
}

/** A stop already through the market would trigger at once: refused (VALIDATION_ERROR), as Binance does. */
function checkStopAgainstMarket(core: EngineCore, side: Side, checked: Checked): void {
  const quote = core.state.books.get(checked.instrument.symbol)?.quote;
  if (checked.stopPrice !== undefined && quote !== undefined) checkStopSide(side, checked.stopPrice, quote);
}

/** Instrument-level validation; throws VALIDATION_ERROR. */
function checkAgainstInstrument(core: EngineCore, req: PreOrder, instrument: Instrument): Checked {
  const qty = checkQty(req.qty, instrument);
  const limitPrice = optionalPrice(req.limitPrice, instrument, 'limitPrice');
  const stopPrice = optionalPrice(req.stopPrice, instrument, 'stopPrice');
  const takeProfit = optionalPrice(req.takeProfit, instrument, 'takeProfit');
  let stopLoss = optionalPrice(req.stopLoss, instrument, 'stopLoss');
  const quote = core.state.books.get(req.symbol)?.quote;
  const price = limitPrice ?? stopPrice ?? (quote === undefined ? undefined : marketPrice(core, instrument, quote, req.side, qty));
  if (price !== undefined) checkBracketSides(req.side, price, takeProfit, stopLoss);
  if (req.trailingStopPips !== undefined && stopLoss === undefined) {
    // A market order's trailing stop starts from the side of the book the position would close at, not the fill.
    const anchor = req.type === OrderType.Market && quote !== undefined ? (req.side === 1 ? quote.bid : quote.ask) : price;
    if (anchor === undefined) throw invalid('trailingStopPips', 'a trailing stop without stopLoss needs a price to trail from');
    const distance = BigInt(req.trailingStopPips) * instrument.tickSize;
    stopLoss = req.side === 1 ? anchor - distance : anchor + distance;
    if (stopLoss <= 0n) throw invalid('trailingStopPips', `trailingStopPips ${req.trailingStopPips} puts the stop at or below zero`);
  }
  return { instrument, qty, limitPrice, stopPrice, takeProfit, stopLoss, price };
}

export interface MarginCheck {
  readonly required: Fixed;
  readonly available: Fixed;
  readonly notional: Fixed;
  readonly commission: Fixed;
  readonly leverage: number;
}

/**
 * Margin the order would add, estimated commission included: the growth of the margin held for the symbol's
 * working orders (market orders included, at their expected price) once this one joins them. Every order holds
 * margin from acceptance to its last fill, so orders in flight are counted against the next ones. An order that
 * fills at once also needs its open loss (the spread and slippage it pays against the mark), as at a venue.
 */
export function marginCheck(core: EngineCore, symbol: string, side: Side, qty: Fixed, price: Fixed, fillsNow = false): MarginCheck {
  return { ...marginRequired(core, symbol, side, qty, price, fillsNow), available: core.buyingPower() };
}

/** The margin an order needs (see `marginCheck`), without valuing the account. */
function marginRequired(core: EngineCore, symbol: string, side: Side, qty: Fixed, price: Fixed, fillsNow: boolean): Omit<MarginCheck, 'available'> {
  const notional = mulFixed(qty, price);
  const commission = core.commission.commission(notional, 0n, core.moneyUnit(symbol), qty);
  const added = reserveGrowth(core, symbol, withOrder(core.state.openExposure.get(symbol), side === 1, qty, price));
  const openLoss = fillsNow ? openLossOf(core, symbol, side, qty, price) : 0n;
  const required = added > 0n ? added + commission + openLoss : 0n;
  return { required, notional, commission, leverage: core.leverageOf(symbol) };
}

/**
 * The check when buying power falls short of what is required, else undefined. Buying power is computed exactly
 * only when the valuation screen cannot tell (valuation-screen.ts).
 */
export function marginShortfall(core: EngineCore, need: Omit<MarginCheck, 'available'>): MarginCheck | undefined {
  if (need.required <= 0n || core.surelyAffords(need.required)) return undefined;
  const available = core.buyingPower();
  return need.required > available ? { ...need, available } : undefined;
}

/** What a fill of `qty` at `price` loses at once against the mark (the closing side of the quote). */
export function openLossOf(core: EngineCore, symbol: string, side: Side, qty: Fixed, price: Fixed): Fixed {
  const quote = core.state.books.get(symbol)?.quote;
  const loss = quote === undefined ? 0n : side === 1 ? price - quote.bid : quote.ask - price;
  return loss > 0n ? roundToStep(mulFixed(qty, loss), core.minorUnit, 'ceil') : 0n;
}

/** Does the order trade as soon as it is active (a market order, or a limit the market has already reached)? */
function fillsOnArrival(core: EngineCore, req: PreOrder, checked: Checked): boolean {
  if (req.type === OrderType.Market) return true;
  if (req.type !== OrderType.Limit || checked.limitPrice === undefined) return false;
  const quote = core.state.books.get(checked.instrument.symbol)?.quote;
  if (quote === undefined) return false;
  return req.side === 1 ? checked.limitPrice >= quote.ask : checked.limitPrice <= quote.bid;
}

/** How much the margin held on `symbol` grows if its working orders became `open`. */
export function reserveGrowth(core: EngineCore, symbol: string, open: OpenExposure): Fixed {
  const position = core.state.positions.get(symbol)?.qty ?? 0n;
  // The symbol's reserve first: it is often the one the previous order's check computed (see `reservedMargin`).
  const held = core.reservedMarginOf(symbol);
  return reservedMargin(open, position, core.leverageOf(symbol), core.minorUnit) - held;
}

export function money(core: EngineCore, value: Fixed): string {
  const decimals = decimalsOf(core.minorUnit);
  const [int = '0', frac = ''] = fixedToString(value).split('.');
  return `${decimals === 0 ? int : `${int}.${frac.padEnd(decimals, '0')}`} ${core.config.currency}`;
}

/** Can an order (with or without the extended-hours flag) work at `now`? */
export function tradesNow(core: EngineCore, instrument: Instrument, now: number, extendedHours: boolean): boolean {
  return core.marketHours.isOpen(instrument, now) || (extendedHours && core.marketHours.isExtended(instrument, now));
}

/**
 * When an order accepted at `now` may first trade: after its latency, and not before the market opens (as at
 * Alpaca and IB, an order placed while the market is closed is accepted and works from the next open; an
 * extended-hours order from the next pre-market).
 */
export function workFrom(core: EngineCore, instrument: Instrument, now: number, extendedHours: boolean, orderSeq: number): number {
  const ready = now + core.latency.delay(orderSeq);
  if (tradesNow(core, instrument, ready, extendedHours)) return ready;
  const open = core.marketHours.nextOpen(instrument, ready);
  if (!extendedHours) return open;
  // An extended-hours order starts with the pre-market of the next trading day, when there is one.
  const pre = extendedWindowsOfDay(instrument.session, sessionDayIndex(instrument.session, open))?.pre.open;
  return pre !== undefined && pre > ready && pre < open ? pre : open;
}

/** The first business reason the order cannot be accepted now, or undefined. */
function businessProblem(core: EngineCore, req: PreOrder, checked: Checked, now: number): TradingError | undefined {
  const { instrument } = checked;
  if (!tradesNow(core, instrument, now, req.extendedHours === true)) {
    const closed = `${instrument.symbol} market is closed at ${new Date(now).toISOString()}`;
    const duration = req.duration?.type ?? 'GTC';
    if (duration === 'IOC' || duration === 'FOK') return new TradingError(ErrorCode.MARKET_CLOSED, `${closed}: ${duration} orders need an open market`);
    if (req.type === OrderType.Market && core.offHours === 'reject') return new TradingError(ErrorCode.MARKET_CLOSED, `${closed}: market orders are not queued for the open`);
  }
  if (checked.price === undefined) return new TradingError(ErrorCode.ORDER_REJECTED, `no quote for ${instrument.symbol}: a market order needs a price`);
  const short = marginShortfall(core, marginRequired(core, instrument.symbol, req.side, checked.qty, checked.price, fillsOnArrival(core, req, checked)));
  return short === undefined ? undefined : insufficientMargin(core, req.side, checked.qty, instrument.symbol, short);
}

export function insufficientMargin(core: EngineCore, side: Side, qty: Fixed, symbol: string, margin: MarginCheck): TradingError {
  const verb = side === 1 ? 'buying' : 'selling';
  return new TradingError(
    ErrorCode.INSUFFICIENT_BUYING_POWER,
    `${verb} ${fixedToString(qty)} ${symbol} needs ${money(core, margin.required)} of margin ` +
      `(${money(core, margin.notional)} notional at ${margin.leverage}x, commission and open loss included) but only ${money(core, margin.available)} is available`,
  );
}

function baseRecord(core: EngineCore, req: PreOrder, requestKey: string, now: number, checked?: Checked): OrderRecord {
  const seq = core.state.orderSeq + 1;
  const opt = (value: number | undefined): Fixed | undefined => (value === undefined ? undefined : toFixed(value));
  return {
    id: orderIdOf(seq),
    seq,
    ...(req.clientOrderId === undefined ? {} : { clientOrderId: req.clientOrderId, requestKey }),
    symbol: req.symbol,
    type: req.type,
    side: req.side,
    // Checked values are the same numbers, already converted.
    qty: checked?.qty ?? toFixed(req.qty),
    status: OrderStatus.Placing,
    limitPrice: checked === undefined ? opt(req.limitPrice) : checked.limitPrice,
    stopPrice: checked === undefined ? opt(req.stopPrice) : checked.stopPrice,
    filledQty: 0n,
    filledNotional: 0n,
    takeProfit: checked === undefined ? opt(req.takeProfit) : checked.takeProfit,
    stopLoss: opt(req.stopLoss),
    trailingStopPips: req.trailingStopPips,
    duration: req.duration?.type ?? 'GTC',
    ...(req.extendedHours === true ? { extendedHours: true } : {}),
    commission: 0n,
    createTime: now,
    updateTime: now,
    triggered: false,
    activeAt: now,
  };
}

function reject(core: EngineCore, record: OrderRecord, error: TradingError): PlaceResult {
  core.emit({ type: 'order', order: { ...record, status: OrderStatus.Rejected, rejectReason: error.message, rejectCode: error.code } });
  return { orderId: record.id, rejection: error };
}

export function placeOrder(core: EngineCore, request: PreOrder, now: number): PlaceResult {
  validatePreOrder(request);
  const req = { ...request, symbol: core.canonical(request.symbol) };
  const requestKey = req.clientOrderId === undefined ? '' : requestKeyOf(req);
  if (req.clientOrderId !== undefined) {
    const existing = core.state.orders.get(core.state.clientOrders.get(req.clientOrderId) ?? '');
    if (existing !== undefined) {
      if (existing.requestKey !== requestKey) throw new TradingError(ErrorCode.CONFLICT, `clientOrderId ${req.clientOrderId} was already used for a different order`);
      const code = (existing.rejectCode ?? ErrorCode.ORDER_REJECTED) as ErrorCode;
      return existing.status === OrderStatus.Rejected ? { orderId: existing.id, rejection: new TradingError(code, existing.rejectReason ?? 'rejected') } : { orderId: existing.id };
    }
  }
  const instrument = core.instrument(req.symbol);
  const checked = instrument === undefined ? undefined : checkAgainstInstrument(core, req, instrument);
  if (checked !== undefined) checkStopAgainstMarket(core, req.side, checked);
  advanceClock(core, now);
  const record = baseRecord(core, req, requestKey, now, checked);
  if (checked === undefined) return reject(core, record, new TradingError(ErrorCode.UNKNOWN_SYMBOL, `unknown symbol ${req.symbol}`));
  const problem = businessProblem(core, req, checked, now);
  if (problem !== undefined) return reject(core, record, problem);
  const accepted: OrderRecord = {
    ...record,
    status: OrderStatus.Working,
    stopLoss: checked.stopLoss,
    activeAt: workFrom(core, checked.instrument, now, req.extendedHours === true, record.seq),
    ...(record.duration === 'DAY' ? { expireAt: core.marketHours.dayExpiry(checked.instrument, now, req.extendedHours === true) } : {}),
    ...(req.type === OrderType.Market ? { reservePrice: checked.price } : {}),
  };
  core.emit({ type: 'order', order: accepted });
  createChildren(core, accepted, now);
  activate(core, accepted);
  return { orderId: accepted.id };
}

/** Records an order refused before it reached the engine's checks (a platform risk limit) as Rejected. */
export function rejectOrder(core: EngineCore, request: PreOrder, error: TradingError, now: number): PlaceResult {
  validatePreOrder(request);
  const req = { ...request, symbol: core.canonical(request.symbol) };
  return reject(core, baseRecord(core, req, req.clientOrderId === undefined ? '' : requestKeyOf(req), now), error);
}

/** Acts on a just-accepted order whose latency is already over. */
export function activate(core: EngineCore, order: OrderRecord): void {
  const clock = core.state.clock;
  if (order.activeAt > clock) return;
  if (order.duration === 'IOC' || order.duration === 'FOK') executeImmediate(core, order, clock);
  else matchBook(core, core.state.book(order.symbol), clock);
}

/** What an engine-initiated market order is for. */
export interface MarketIntent {
  readonly reduceOnly?: boolean;
  readonly reverse?: boolean;
  readonly liquidation?: boolean;
}

/** Accepts an engine-initiated market order (close, reverse, liquidation); the caller checked hours and quote. */
export function submitMarket(core: EngineCore, symbol: string, side: Side, qty: Fixed, now: number, intent: MarketIntent = {}): OrderRecord {
  const seq = core.state.orderSeq + 1;
  const instrument = core.requireInstrument(symbol);
  const quote = core.state.books.get(symbol)?.quote;
  const order: OrderRecord = {
    id: orderIdOf(seq),
    seq,
    symbol,
    type: OrderType.Market,
    side,
    qty,
    status: OrderStatus.Working,
    filledQty: 0n,
    filledNotional: 0n,
    duration: 'GTC',
    commission: 0n,
    createTime: now,
    updateTime: now,
    triggered: false,
    activeAt: workFrom(core, instrument, now, false, seq),
    ...(quote === undefined ? {} : { reservePrice: marketPrice(core, instrument, quote, side, qty) }),
    ...(intent.reduceOnly === true ? { reduceOnly: true } : {}),
    ...(intent.reverse === true ? { reverse: true } : {}),
    ...(intent.liquidation === true ? { liquidation: true } : {}),
  };
  core.emit({ type: 'order', order });
  activate(core, order);
  return order;
}

export function previewOrder(core: EngineCore, request: PreOrder, now: number): OrderPreview {
  validatePreOrder(request);
  const req = { ...request, symbol: core.canonical(request.symbol) };
  const confirmId = `preview-${core.state.orderSeq + 1}-${now}`;
  const instrument = core.instrument(req.symbol);
  if (instrument === undefined) return { confirmId, sections: [], errors: [`unknown symbol ${req.symbol}`] };
  const checked = checkAgainstInstrument(core, req, instrument);
  let problem: TradingError | undefined;
  try {
    // The preview names a stop on the wrong side as an error (the order would be refused), instead of failing.
    checkStopAgainstMarket(core, req.side, checked);
    problem = businessProblem(core, req, checked, now);
  } catch (error) {
    if (!(error instanceof TradingError)) throw error;
    problem = error;
  }
  const warnings: string[] = [];
  if (problem === undefined && !tradesNow(core, instrument, now, req.extendedHours === true)) {
    warnings.push(`${instrument.symbol}'s market is closed: the order works from the next open, ${new Date(core.marketHours.nextOpen(instrument, now)).toISOString()}`);
  }
  const quote = core.state.books.get(req.symbol)?.quote;
  const orderRows = [
    { title: 'Symbol', value: req.symbol },
    { title: 'Side', value: req.side === 1 ? 'Buy' : 'Sell' },
    { title: 'Quantity', value: fixedToString(checked.qty) },
    { title: 'Estimated price', value: checked.price === undefined ? 'no quote' : fixedToString(checked.price) },
  ];
  const sections: OrderPreview['sections'] = [{ header: 'Order', rows: orderRows }];
  if (checked.price !== undefined) {
    const margin = marginCheck(core, req.symbol, req.side, checked.qty, checked.price, fillsOnArrival(core, req, checked));
    sections.push(
      { header: 'Costs', rows: [{ title: 'Notional', value: money(core, margin.notional) }, { title: 'Commission', value: money(core, margin.commission) }, { title: 'Margin required', value: money(core, margin.required) }] },
      { header: 'Account', rows: [{ title: 'Buying power', value: money(core, margin.available) }, { title: 'Buying power after', value: money(core, margin.available - margin.required) }] },
    );
    if (req.type === OrderType.Limit && quote !== undefined && checked.limitPrice !== undefined && (req.side === 1 ? quote.ask <= checked.limitPrice : quote.bid >= checked.limitPrice)) {
      warnings.push('the limit price is marketable: the order will fill at once');
    }
  }
  return { confirmId, sections, ...(warnings.length > 0 ? { warnings } : {}), ...(problem === undefined ? {} : { errors: [problem.message] }) };
}
