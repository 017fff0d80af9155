/** Public views of the engine's records: the contract models, with numbers at the edge. */
import { divFixed, fromFixed } from '@trading-pro/contracts';
import type { Execution, Fixed, Order, Position } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';
import { unrealizedPL } from './accounting.ts';
import type { ExecutionRecord, OrderRecord, PositionRecord } from './records.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function toOrder(record: OrderRecord): Order {
  // Built in the contract's key order, optional fields only when present (never deleted): an object that keeps
  // its shape serializes fast, and each order is serialized for the journal and for every subscriber.
  const order = { id: record.id } as Mutable<Order>;
  if (record.clientOrderId !== undefined) order.clientOrderId = record.clientOrderId;
  order.symbol = record.symbol;
  order.type = record.type;
  order.side = record.side;
  order.qty = fromFixed(record.qty);
  order.status = record.status;
  if (record.limitPrice !== undefined) order.limitPrice = fromFixed(record.limitPrice);
  if (record.stopPrice !== undefined) order.stopPrice = fromFixed(record.stopPrice);
  order.filledQty = fromFixed(record.filledQty);
  if (record.filledQty > 0n) order.avgPrice = fromFixed(divFixed(record.filledNotional, record.filledQty));
  if (record.takeProfit !== undefined) order.takeProfit = fromFixed(record.takeProfit);
  if (record.stopLoss !== undefined) order.stopLoss = fromFixed(record.stopLoss);
  if (record.trailingStopPips !== undefined) order.trailingStopPips = record.trailingStopPips;
  if (record.parentId !== undefined) order.parentId = record.parentId;
  if (record.parentType !== undefined) order.parentType = record.parentType;
  order.duration = { type: record.duration };
  if (record.extendedHours !== undefined) order.extendedHours = record.extendedHours;
  if (record.rejectReason !== undefined) order.rejectReason = record.rejectReason;
  order.commission = fromFixed(record.commission);
  order.createTime = record.createTime;
  order.updateTime = record.updateTime;
  if (record.liquidation !== undefined) order.liquidation = record.liquidation;
  return order;
}

export function toExecution(record: ExecutionRecord): Execution {
  return {
    id: record.id,
    orderId: record.orderId,
    symbol: record.symbol,
    price: fromFixed(record.price),
    qty: fromFixed(record.qty),
    side: record.side,
    time: record.time,
    commission: fromFixed(record.commission),
  };
}

export interface PositionBracketPrices {
  readonly takeProfit?: Fixed;
  readonly stopLoss?: Fixed;
}

/** A position at the current mark; a closed one has qty 0 and pl 0. */
export function toPosition(record: PositionRecord, quote: MarketQuote | undefined, minorUnit: Fixed, brackets: PositionBracketPrices): Position {
  const position = {
    id: record.symbol,
    symbol: record.symbol,
    qty: fromFixed(record.qty < 0n ? -record.qty : record.qty),
    side: record.side,
    avgPrice: fromFixed(record.avgPrice),
    pl: fromFixed(unrealizedPL(record, quote, minorUnit)),
  } as Mutable<Position>;
  if (brackets.takeProfit !== undefined) position.takeProfit = fromFixed(brackets.takeProfit);
  if (brackets.stopLoss !== undefined) position.stopLoss = fromFixed(brackets.stopLoss);
  position.updateTime = record.updateTime;
  return position;
}
