/** The offline fallback's orders: request validation with the server's error codes, and the order records. */
import type { OrderStatus} from '@trading-pro/contracts';
import { ErrorCode, OrderType, fixedToString, fromFixed, isMultipleOf, toFixed, type Fixed } from '@trading-pro/contracts';
import { defined } from '../defined.ts';
import { TradingProError } from '../errors.ts';
import type { ModifyOrder, Order, PreOrder, Side, TimeInForce } from '../types.ts';
import type { SimInstrument } from './sim-market.ts';

export interface SimOrder {
  readonly id: string;
  readonly clientOrderId: string | undefined;
  readonly requestKey: string;
  readonly symbol: string;
  readonly type: OrderType;
  readonly side: Side;
  qty: Fixed;
  status: OrderStatus;
  limitPrice: Fixed | undefined;
  stopPrice: Fixed | undefined;
  takeProfit: Fixed | undefined;
  stopLoss: Fixed | undefined;
  readonly duration: TimeInForce;
  filledQty: Fixed;
  filledNotional: Fixed;
  commission: Fixed;
  rejectReason: string | undefined;
  triggered: boolean;
  readonly createTime: number;
  updateTime: number;
}

export function invalid(path: string, message: string): TradingProError {
  return new TradingProError({ code: ErrorCode.VALIDATION_ERROR, message, details: [{ path, message }] });
}

function positive(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(path, `${path} must be a positive number`);
}

/** Shape checks that need no instrument (400, nothing recorded). */
export function validatePreOrder(req: PreOrder): void {
  if (typeof req.symbol !== 'string' || req.symbol.length === 0 || req.symbol.length > 64) throw invalid('symbol', 'symbol must be a non-empty string of at most 64 characters');
  if (![1, 2, 3, 4].includes(req.type)) throw invalid('type', 'type must be Limit 1, Market 2, Stop 3 or StopLimit 4');
  if (req.side !== 1 && req.side !== -1) throw invalid('side', 'side must be Buy 1 or Sell -1');
  positive(req.qty, 'qty');
  for (const field of ['limitPrice', 'stopPrice', 'takeProfit', 'stopLoss'] as const) if (req[field] !== undefined) positive(req[field], field);
  const needsLimit = req.type === OrderType.Limit || req.type === OrderType.StopLimit;
  const needsStop = req.type === OrderType.Stop || req.type === OrderType.StopLimit;
  if (needsLimit && req.limitPrice === undefined) throw invalid('limitPrice', 'a limit order needs limitPrice');
  if (!needsLimit && req.limitPrice !== undefined) throw invalid('limitPrice', 'limitPrice applies only to Limit and StopLimit orders');
  if (needsStop && req.stopPrice === undefined) throw invalid('stopPrice', 'a stop order needs stopPrice');
  if (!needsStop && req.stopPrice !== undefined) throw invalid('stopPrice', 'stopPrice applies only to Stop and StopLimit orders');
  const duration = req.duration?.type ?? 'GTC';
  if (!['GTC', 'DAY', 'IOC', 'FOK'].includes(duration)) throw invalid('duration.type', 'duration.type must be GTC, DAY, IOC or FOK');
  if ((duration === 'IOC' || duration === 'FOK') && needsStop) throw invalid('duration.type', `${duration} applies only to Market and Limit orders`);
  if (req.clientOrderId !== undefined && (req.clientOrderId.length === 0 || req.clientOrderId.length > 64)) throw invalid('clientOrderId', 'clientOrderId must be 1 to 64 characters');
}

export function checkQty(value: number, instrument: SimInstrument, path = 'qty', enforceMin = true): Fixed {
  positive(value, path);
  const qty = toFixed(value);
  if (!isMultipleOf(qty, instrument.lotStep)) throw invalid(path, `${path} ${value} is not a multiple of ${instrument.symbol}'s lot step ${fixedToString(instrument.lotStep)}`);
  if (enforceMin && qty < instrument.minQty) throw invalid(path, `${path} ${value} is below ${instrument.symbol}'s minimum ${fixedToString(instrument.minQty)}`);
  return qty;
}

export function checkPrice(value: number | undefined, instrument: SimInstrument, path: string): Fixed | undefined {
  if (value === undefined) return undefined;
  positive(value, path);
  const price = toFixed(value);
  if (!isMultipleOf(price, instrument.tickSize)) throw invalid(path, `${path} ${value} is not on ${instrument.symbol}'s tick ${fixedToString(instrument.tickSize)}`);
  return price;
}

/** A buy's take-profit above the reference and stop-loss below it; the reverse for a sell. */
export function checkBracketSides(side: Side, reference: Fixed, takeProfit: Fixed | undefined, stopLoss: Fixed | undefined): void {
  const ref = fixedToString(reference);
  if (takeProfit !== undefined && (side === 1 ? takeProfit <= reference : takeProfit >= reference)) {
    throw invalid('takeProfit', `takeProfit ${fixedToString(takeProfit)} must be ${side === 1 ? 'above' : 'below'} ${ref} for a ${side === 1 ? 'long' : 'short'}`);
  }
  if (stopLoss !== undefined && (side === 1 ? stopLoss >= reference : stopLoss <= reference)) {
    throw invalid('stopLoss', `stopLoss ${fixedToString(stopLoss)} must be ${side === 1 ? 'below' : 'above'} ${ref} for a ${side === 1 ? 'long' : 'short'}`);
  }
}

export function validateModify(changes: ModifyOrder): void {
  for (const field of ['qty', 'limitPrice', 'stopPrice'] as const) if (changes[field] !== undefined) positive(changes[field], field);
  for (const field of ['takeProfit', 'stopLoss'] as const) if (changes[field] !== undefined && changes[field] !== null) positive(changes[field], field);
}

/** Canonical request body for idempotency: same key, same order. */
export function requestKeyOf(req: PreOrder): string {
  const entries = Object.entries({ ...req, duration: { type: req.duration?.type ?? 'GTC' } }).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}

export function toOrder(order: SimOrder): Order {
  const optional = (value: Fixed | undefined) => (value === undefined ? undefined : fromFixed(value));
  return defined<Order>({
    id: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    type: order.type,
    side: order.side,
    qty: fromFixed(order.qty),
    status: order.status,
    limitPrice: optional(order.limitPrice),
    stopPrice: optional(order.stopPrice),
    filledQty: fromFixed(order.filledQty),
    avgPrice: order.filledQty === 0n ? undefined : fromFixed((order.filledNotional * 100_000_000n) / order.filledQty),
    takeProfit: optional(order.takeProfit),
    stopLoss: optional(order.stopLoss),
    duration: { type: order.duration },
    rejectReason: order.rejectReason,
    commission: fromFixed(order.commission),
    createTime: order.createTime,
    updateTime: order.updateTime,
  });
}
