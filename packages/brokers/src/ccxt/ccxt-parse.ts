/** Pure mappers from ccxt's unified structures to the contract's models; venue enums come in pre-mapped. */
import type { Order as CcxtOrder, Position as CcxtPosition, Trade as CcxtTrade } from 'ccxt';
import { OrderStatus, OrderType, Side, type Execution, type Order, type Position, type TimeInForce } from '@trading-pro/contracts';

/** ccxt's unified status to ours; a venue-specific mapping, when known, wins. */
export function parseCcxtOrderStatus(status: string | undefined): OrderStatus {
  switch (status) {
    case 'open':
      return OrderStatus.Working;
    case 'closed':
      return OrderStatus.Filled;
    case 'canceled':
    case 'cancelled':
    case 'expired':
      return OrderStatus.Canceled;
    case 'rejected':
      return OrderStatus.Rejected;
    default:
      return OrderStatus.Placing;
  }
}

/** ccxt order type (plus trigger price) to ours: a trigger makes market → Stop and limit → StopLimit. */
export function parseCcxtOrderType(type: string | undefined, triggerPrice: number | undefined): OrderType {
  const normalized = (type ?? 'limit').toLowerCase().replace(/[-\s]/g, '_');
  const hasTrigger = triggerPrice !== undefined && triggerPrice > 0;
  const stopish = /stop|take_profit|trigger/.test(normalized);
  if (normalized.includes('limit')) return hasTrigger || stopish ? OrderType.StopLimit : OrderType.Limit;
  if (normalized === 'market') return hasTrigger ? OrderType.Stop : OrderType.Market;
  if (stopish) return OrderType.Stop;
  return hasTrigger ? OrderType.StopLimit : OrderType.Limit;
}

export function parseCcxtSide(side: string | undefined): Side {
  return side === 'sell' ? Side.Sell : Side.Buy;
}

export function parseCcxtTimeInForce(value: string | undefined): TimeInForce | undefined {
  if (value === 'GTC' || value === 'IOC' || value === 'FOK' || value === 'DAY') return value;
  return undefined;
}

export interface OrderIdentity {
  /** Our order id (the client order id we sent, or the venue's id for orders placed elsewhere). */
  readonly id: string;
  /** The caller's idempotency key, when it differs from the id. */
  readonly clientOrderId?: string;
}

/** A ccxt order as our `Order`; `venueStatus` is the venue's own status already mapped, when available. */
export function parseCcxtOrder(order: CcxtOrder, identity: OrderIdentity, venueStatus: OrderStatus | undefined, now: number): Order {
  const trigger = order.triggerPrice ?? order.stopPrice;
  const type = parseCcxtOrderType(order.type, trigger);
  const filled = order.filled ?? 0;
  const created = order.timestamp ?? now;
  const duration = parseCcxtTimeInForce(order.timeInForce);
  const usesLimit = type === OrderType.Limit || type === OrderType.StopLimit;
  return {
    id: identity.id,
    ...(identity.clientOrderId === undefined ? {} : { clientOrderId: identity.clientOrderId }),
    symbol: order.symbol ?? '',
    type,
    side: parseCcxtSide(order.side),
    qty: order.amount ?? filled,
    status: venueStatus ?? parseCcxtOrderStatus(order.status),
    ...(usesLimit && order.price !== undefined && order.price > 0 ? { limitPrice: order.price } : {}),
    ...(trigger !== undefined && trigger > 0 ? { stopPrice: trigger } : {}),
    filledQty: filled,
    ...(order.average !== undefined && order.average > 0 && filled > 0 ? { avgPrice: order.average } : {}),
    ...(order.takeProfitPrice !== undefined && order.takeProfitPrice > 0 ? { takeProfit: order.takeProfitPrice } : {}),
    ...(order.stopLossPrice !== undefined && order.stopLossPrice > 0 ? { stopLoss: order.stopLossPrice } : {}),
    ...(duration === undefined ? {} : { duration: { type: duration } }),
    commission: feeCost(order.fee?.cost),
    createTime: created,
    updateTime: order.lastUpdateTimestamp ?? order.lastTradeTimestamp ?? created,
  };
}

/** A ccxt trade as our `Execution` (commission in the fee's currency, as the venue charged it). */
export function parseCcxtTrade(trade: CcxtTrade, orderId: string, now: number): Execution {
  return {
    id: trade.id ?? `${orderId}-${trade.timestamp ?? now}`,
    orderId,
    symbol: trade.symbol ?? '',
    price: trade.price ?? 0,
    qty: trade.amount ?? 0,
    side: parseCcxtSide(trade.side),
    time: trade.timestamp ?? now,
    commission: feeCost(trade.fee?.cost),
  };
}

/** A fee as a number: some ccxt venues (Kraken) leave it the venue's string ("0.00000"). */
function feeCost(cost: number | string | undefined): number {
  const value = Number(cost ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/** A ccxt derivatives position as ours; undefined for flat ones. */
export function parseCcxtPosition(position: CcxtPosition, now: number): Position | undefined {
  const contracts = (position.contracts ?? 0) * (position.contractSize ?? 1);
  if (!position.symbol || contracts === 0) return undefined;
  return {
    id: position.symbol,
    symbol: position.symbol,
    qty: Math.abs(contracts),
    side: position.side === 'short' || contracts < 0 ? Side.Sell : Side.Buy,
    avgPrice: position.entryPrice ?? 0,
    pl: position.unrealizedPnl ?? 0,
    ...(position.takeProfitPrice ? { takeProfit: position.takeProfitPrice } : {}),
    ...(position.stopLossPrice ? { stopLoss: position.stopLossPrice } : {}),
    updateTime: position.timestamp ?? now,
  };
}
