/** Request validation: problems here throw VALIDATION_ERROR and nothing is recorded. */
import { ErrorCode, OrderType, TradingError, fixedToString, isMultipleOf, toFixed } from '@trading-pro/contracts';
import type { Fixed, ModifyOrder, PreOrder, Side } from '@trading-pro/contracts';
import type { Instrument } from '../market/instrument.ts';

const ORDER_TYPES = new Set<number>([OrderType.Limit, OrderType.Market, OrderType.Stop, OrderType.StopLimit]);
const DURATIONS = new Set(['GTC', 'DAY', 'IOC', 'FOK']);

export function invalid(path: string, message: string): TradingError {
  return new TradingError(ErrorCode.VALIDATION_ERROR, message, { details: [{ path, message }] });
}

function positiveNumber(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(path, `${path} must be a positive number`);
}

function optionalPositive(value: unknown, path: string): void {
  if (value !== undefined) positiveNumber(value, path);
}

/** Shape checks that need no instrument. */
export function validatePreOrder(req: PreOrder): void {
  if (!isSafeText(req.symbol, 64)) throw invalid('symbol', 'symbol must be 1 to 64 characters, without control or bidirectional-override characters');
  if (!ORDER_TYPES.has(req.type)) throw invalid('type', 'type must be Limit 1, Market 2, Stop 3 or StopLimit 4');
  if (req.side !== 1 && req.side !== -1) throw invalid('side', 'side must be Buy 1 or Sell -1');
  positiveNumber(req.qty, 'qty');
  for (const field of ['limitPrice', 'stopPrice', 'takeProfit', 'stopLoss'] as const) optionalPositive(req[field], field);
  const needsLimit = req.type === OrderType.Limit || req.type === OrderType.StopLimit;
  const needsStop = req.type === OrderType.Stop || req.type === OrderType.StopLimit;
  if (needsLimit && req.limitPrice === undefined) throw invalid('limitPrice', 'a limit order needs limitPrice');
  if (!needsLimit && req.limitPrice !== undefined) throw invalid('limitPrice', 'limitPrice applies only to Limit and StopLimit orders');
  if (needsStop && req.stopPrice === undefined) throw invalid('stopPrice', 'a stop order needs stopPrice');
  if (!needsStop && req.stopPrice !== undefined) throw invalid('stopPrice', 'stopPrice applies only to Stop and StopLimit orders');
  const duration = req.duration?.type ?? 'GTC';
  if (!DURATIONS.has(duration)) throw invalid('duration.type', 'duration.type must be GTC, DAY, IOC or FOK');
  if ((duration === 'IOC' || duration === 'FOK') && needsStop) throw invalid('duration.type', `${duration} applies only to Market and Limit orders`);
  validateTrailing(req.trailingStopPips, 'trailingStopPips');
  if (req.extendedHours !== undefined && typeof req.extendedHours !== 'boolean') throw invalid('extendedHours', 'extendedHours must be true or false');
  if (req.extendedHours === true && (req.type !== OrderType.Limit || duration !== 'DAY')) {
    throw invalid('extendedHours', 'extendedHours applies only to Limit orders with DAY duration (as at Alpaca)');
  }
  if (req.clientOrderId !== undefined && !isSafeText(req.clientOrderId, 64)) {
    throw invalid('clientOrderId', 'clientOrderId must be 1 to 64 characters, without control or bidirectional-override characters');
  }
}

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE_TEXT = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** 1 to `max` characters counted in code points (as JSON Schema counts them), none of them control or bidi overrides. */
export function isSafeText(value: unknown, max: number): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  // Counting code points only when UTF-16 units could exceed the limit keeps the common case cheap.
  if (value.length > max && [...value].length > max) return false;
  return !UNSAFE_TEXT.test(value);
}

export function validateTrailing(pips: unknown, path: string): void {
  if (pips === undefined) return;
  if (typeof pips !== 'number' || !Number.isInteger(pips) || pips <= 0) throw invalid(path, `${path} must be a positive whole number of ticks`);
}

const FAST_LIMIT = 2 ** 24;
const FIXED_SCALE = 1e8;

/** `value` as a Fixed, refusing what 8 decimal places cannot hold exactly instead of rounding it (1e-9 is not 0). */
export function exactFixed(value: number, path: string): Fixed {
  // Below 2^24 a double's spacing is under 1e-8, so at most one 8-place decimal rounds to it: when value × 1e8
  // rounded back divides to the same double, that decimal is the one its shortest string spells.
  if (value > -FAST_LIMIT && value < FAST_LIMIT) {
    const scaled = Math.round(value * FIXED_SCALE);
    if (scaled / FIXED_SCALE === value) return BigInt(scaled);
  }
  const fixed = toFixed(value);
  if (Number(fixedToString(fixed)) !== value) throw invalid(path, `${path} ${value} has more decimal places than the 8 supported`);
  return fixed;
}

/** The quantity in Fixed, on the instrument's lot step and at least its minimum. */
export function checkQty(value: number, instrument: Instrument, path = 'qty', enforceMin = true): Fixed {
  const qty = exactFixed(value, path);
  if (qty <= 0n || !isMultipleOf(qty, instrument.lotStep)) {
    throw invalid(path, `${path} ${value} is not a multiple of ${instrument.symbol}'s lot step ${fixedToString(instrument.lotStep)}`);
  }
  if (enforceMin && qty < instrument.minQty) throw invalid(path, `${path} ${value} is below ${instrument.symbol}'s minimum ${fixedToString(instrument.minQty)}`);
  return qty;
}

/** The price in Fixed, on the instrument's tick. */
export function checkPrice(value: number, instrument: Instrument, path: string): Fixed {
  positiveNumber(value, path);
  const price = exactFixed(value, path);
  if (price <= 0n || !isMultipleOf(price, instrument.tickSize)) {
    throw invalid(path, `${path} ${value} is not on ${instrument.symbol}'s tick ${fixedToString(instrument.tickSize)}`);
  }
  return price;
}

export function optionalPrice(value: number | undefined, instrument: Instrument, path: string): Fixed | undefined {
  return value === undefined ? undefined : checkPrice(value, instrument, path);
}

/**
 * Brackets must be on the profitable and the protective side of `reference` for a position of `side`
 * (a buy's take-profit above it, its stop-loss below it; the reverse for a sell).
 */
export function checkBracketSides(side: Side, reference: Fixed, takeProfit: Fixed | undefined, stopLoss: Fixed | undefined): void {
  const ref = fixedToString(reference);
  if (takeProfit !== undefined && (side === 1 ? takeProfit <= reference : takeProfit >= reference)) {
    throw invalid('takeProfit', `takeProfit ${fixedToString(takeProfit)} must be ${side === 1 ? 'above' : 'below'} ${ref} for a ${side === 1 ? 'long' : 'short'}`);
  }
  if (stopLoss !== undefined && (side === 1 ? stopLoss >= reference : stopLoss <= reference)) {
    throw invalid('stopLoss', `stopLoss ${fixedToString(stopLoss)} must be ${side === 1 ? 'below' : 'above'} ${ref} for a ${side === 1 ? 'long' : 'short'}`);
  }
}

/**
 * A stop must be on the far side of the market, where the price has yet to go: a buy stop above the ask, a sell
 * stop below the bid. One already through would trigger at once (Binance refuses it: "would immediately trigger").
 */
export function checkStopSide(side: Side, stopPrice: Fixed, quote: { readonly bid: Fixed; readonly ask: Fixed }, path = 'stopPrice'): void {
  if (side === 1 && stopPrice <= quote.ask) {
    throw invalid(path, `a buy stop at ${fixedToString(stopPrice)} must be above the ask ${fixedToString(quote.ask)}: it would trigger at once`);
  }
  if (side === -1 && stopPrice >= quote.bid) {
    throw invalid(path, `a sell stop at ${fixedToString(stopPrice)} must be below the bid ${fixedToString(quote.bid)}: it would trigger at once`);
  }
}

/** Shape checks of a modification. */
export function validateModify(changes: ModifyOrder): void {
  if (typeof changes !== 'object' || changes === null) throw invalid('', 'the changes must be an object');
  optionalPositive(changes.qty, 'qty');
  optionalPositive(changes.limitPrice, 'limitPrice');
  optionalPositive(changes.stopPrice, 'stopPrice');
  if (changes.takeProfit !== null) optionalPositive(changes.takeProfit, 'takeProfit');
  if (changes.stopLoss !== null) optionalPositive(changes.stopLoss, 'stopLoss');
}

/** Canonical form of a request for idempotency: sorted keys, undefined dropped. */
export function requestKeyOf(req: PreOrder): string {
  const sorted = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(sorted);
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sorted(v)]));
  };
  return JSON.stringify(sorted({ ...req, duration: { type: req.duration?.type ?? 'GTC' } }));
}
