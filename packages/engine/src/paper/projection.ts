/** Public views of the engine's records: the contract models, with numbers at the edge. */
import { divFixed, fromFixed } from '@trading-pro/contracts';
import type { Execution, Fixed, Order, Position } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';
import { unrealizedPL } from './accounting.ts';
import type { ExecutionRecord, OrderRecord, PositionRecord } from './records.ts';

function optional(value: Fixed | undefined): number | undefined {
  return value === undefined ? undefined : fromFixed(value);
}

/** Drops undefined fields so views compare and serialize cleanly. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export function toOrder(record: OrderRecord): Order {
  return compact({
    id: record.id,
    clientOrderId: record.clientOrderId,
    symbol: record.symbol,
    type: record.type,
    side: record.side,
    qty: fromFixed(record.qty),
    status: record.status,
    limitPrice: optional(record.limitPrice),
    stopPrice: optional(record.stopPrice),
    filledQty: fromFixed(record.filledQty),
    avgPrice: record.filledQty > 0n ? fromFixed(divFixed(record.filledNotional, record.filledQty)) : undefined,
    takeProfit: optional(record.takeProfit),
    stopLoss: optional(record.stopLoss),
    trailingStopPips: record.trailingStopPips,
    parentId: record.parentId,
    parentType: record.parentType,
    duration: { type: record.duration },
    extendedHours: record.extendedHours,
    rejectReason: record.rejectReason,
    commission: fromFixed(record.commission),
    createTime: record.createTime,
    updateTime: record.updateTime,
    liquidation: record.liquidation,
  });
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
  return compact({
    id: record.symbol,
    symbol: record.symbol,
    qty: fromFixed(record.qty < 0n ? -record.qty : record.qty),
    side: record.side,
    avgPrice: fromFixed(record.avgPrice),
    pl: fromFixed(unrealizedPL(record, quote, minorUnit)),
    takeProfit: optional(brackets.takeProfit),
    stopLoss: optional(brackets.stopLoss),
    updateTime: record.updateTime,
  });
}
