/** Pure mappings between IB's order, execution and error vocabulary and the contract's models. */
import { ErrorCode, OrderStatus, OrderType, ParentType, Side, TimeInForce, TradingError } from '@trading-pro/contracts';
import type { Account, Execution, Order } from '@trading-pro/contracts';

/** What the adapter knows of one IB order (from our own placeOrder, openOrder and orderStatus). */
export interface IbOrderRecord {
  readonly orderId: number;
  symbol: string;
  clientOrderId: string | undefined;
  action: 'BUY' | 'SELL';
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  parentId: number;
  status: string;
  filled: number;
  avgFillPrice: number;
  commission: number;
  rejectReason: string | undefined;
  readonly createTime: number;
  updateTime: number;
}

/** IB order status → ours. `PreSubmitted` on a bracket child means it waits for its parent. */
export function parseIbStatus(status: string, isChild: boolean): OrderStatus {
  switch (status) {
    case 'ApiPending':
    case 'PendingSubmit':
    case 'Unknown':
      return OrderStatus.Placing;
    case 'PreSubmitted':
      return isChild ? OrderStatus.Inactive : OrderStatus.Working;
    case 'Submitted':
    case 'PendingCancel':
      return OrderStatus.Working;
    case 'Filled':
      return OrderStatus.Filled;
    case 'Cancelled':
    case 'ApiCancelled':
      return OrderStatus.Canceled;
    case 'Inactive':
    case 'Rejected':
      return OrderStatus.Rejected;
    default:
      throw new RangeError(`unknown IB order status: ${status}`);
  }
}

const TYPES: Readonly<Record<string, OrderType>> = {
  MKT: OrderType.Market,
  LMT: OrderType.Limit,
  STP: OrderType.Stop,
  'STP LMT': OrderType.StopLimit,
  TRAIL: OrderType.Stop,
};

export function parseIbOrderType(orderType: string): OrderType {
  const mapped = TYPES[orderType];
  if (mapped === undefined) throw new RangeError(`unsupported IB order type: ${orderType}`);
  return mapped;
}

export function parseIbTif(tif: string): TimeInForce {
  if (tif === 'GTC' || tif === 'IOC' || tif === 'FOK' || tif === 'DAY') return tif;
  // OPG and GTD orders placed in TWS end within a session or at a date: closest to DAY and GTC.
  return tif === 'GTD' ? TimeInForce.GTC : TimeInForce.DAY;
}

export function ibOrderToOrder(record: IbOrderRecord, parent: IbOrderRecord | undefined): Order {
  const type = parseIbOrderType(record.orderType);
  const isChild = record.parentId !== 0;
  const order: Order = {
    id: String(record.orderId),
    symbol: record.symbol,
    type,
    side: record.action === 'BUY' ? Side.Buy : Side.Sell,
    qty: record.totalQuantity,
    status: parseIbStatus(record.status, isChild),
    filledQty: record.filled,
    commission: record.commission,
    duration: { type: parseIbTif(record.tif) },
    createTime: record.createTime,
    updateTime: record.updateTime,
  };
  if (record.clientOrderId) order.clientOrderId = record.clientOrderId;
  if (record.filled > 0) order.avgPrice = record.avgFillPrice;
  if ((type === OrderType.Limit || type === OrderType.StopLimit) && record.lmtPrice !== undefined) order.limitPrice = record.lmtPrice;
  if ((type === OrderType.Stop || type === OrderType.StopLimit) && record.auxPrice !== undefined && record.orderType !== 'TRAIL') order.stopPrice = record.auxPrice;
  if (isChild) {
    const parentFilled = parent?.status === 'Filled';
    order.parentId = parentFilled ? record.symbol : String(record.parentId);
    order.parentType = parentFilled ? ParentType.Position : ParentType.Order;
  }
  if (order.status === OrderStatus.Rejected) order.rejectReason = record.rejectReason ?? 'IB marked the order inactive';
  return order;
}

/** `yyyymmdd  hh:mm:ss` (optionally followed by a zone name; TWS local time, read as UTC without one). */
export function parseIbTime(text: string | undefined, fallback: number): number {
  const match = /^(\d{4})(\d{2})(\d{2})\s+(\d{2}):(\d{2}):(\d{2})/.exec(text ?? '');
  if (!match) return fallback;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export function ibExecutionToExecution(
  exec: { execId?: string; orderId?: number; side?: string; shares?: number; price?: number; time?: string },
  symbol: string,
  now: number,
): Execution {
  return {
    id: exec.execId ?? `${exec.orderId ?? 0}:${exec.time ?? now}`,
    orderId: String(exec.orderId ?? 0),
    symbol,
    price: exec.price ?? 0,
    qty: exec.shares ?? 0,
    side: exec.side === 'SLD' ? Side.Sell : Side.Buy,
    time: parseIbTime(exec.time, now),
    commission: 0,
  };
}

/** Account summary tags (`NetLiquidation`, `TotalCashValue`, …) → `Account`; equity = balance + unrealized. */
export function ibSummaryToAccount(values: ReadonlyMap<string, number>, identity: { id: string; name: string; currency: string }): Account {
  const equity = values.get('NetLiquidation') ?? 0;
  const unrealized = values.get('UnrealizedPnL') ?? 0;
  return {
    ...identity,
    balance: equity - unrealized,
    equity,
    unrealizedPL: unrealized,
    realizedPL: values.get('RealizedPnL') ?? 0,
    marginUsed: values.get('InitMarginReq') ?? 0,
    buyingPower: values.get('BuyingPower') ?? 0,
  };
}

export const IB_SUMMARY_TAGS = 'NetLiquidation,TotalCashValue,BuyingPower,InitMarginReq,UnrealizedPnL,RealizedPnL';

/** IB error codes that concern one order, mapped to our codes. */
export function mapIbOrderError(code: number, message: string): TradingError {
  const text = `IB refused the order (${code}): ${message}`;
  if (code === 200) return new TradingError(ErrorCode.UNKNOWN_SYMBOL, text);
  if (code === 201 && /margin|equity with loan|buying power|insufficient/i.test(message)) return new TradingError(ErrorCode.INSUFFICIENT_BUYING_POWER, text);
  if (code === 10148 || code === 161 || code === 10147) return new TradingError(ErrorCode.CONFLICT, `IB: ${message}`);
  if (code === 502 || code === 504 || code === 1100) return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `IB: ${message}`);
  return new TradingError(ErrorCode.ORDER_REJECTED, text);
}

/** Codes IB sends about orders that are information, not failures (202: the cancel we asked for). */
export function isIbNotice(code: number): boolean {
  return code === 202 || code === 399 || code === 2109 || (code >= 2100 && code < 2200);
}
