/** Pure mappings from Alpaca's wire payloads to the contract's models; every venue enum is mapped explicitly. */
import {
  FIXED_ZERO,
  OrderStatus,
  OrderType,
  ParentType,
  Side,
  TimeInForce,
  fromFixed,
  parseFixed,
} from '@trading-pro/contracts';
import type { Account, Execution, Fixed, Order, Position } from '@trading-pro/contracts';
import type {
  AlpacaAccountWire,
  AlpacaFillActivityWire,
  AlpacaOrderStatus,
  AlpacaOrderType,
  AlpacaOrderWire,
  AlpacaPositionWire,
  AlpacaSide,
  AlpacaTimeInForce,
  AlpacaTradeUpdateWire,
} from './alpaca-types.ts';

const STATUS: Readonly<Record<AlpacaOrderStatus, OrderStatus>> = {
  pending_new: OrderStatus.Placing,
  new: OrderStatus.Working,
  accepted: OrderStatus.Working,
  accepted_for_bidding: OrderStatus.Working,
  partially_filled: OrderStatus.Working,
  pending_cancel: OrderStatus.Working,
  pending_replace: OrderStatus.Working,
  calculated: OrderStatus.Working,
  stopped: OrderStatus.Working,
  // Bracket legs wait as `held` until the parent fills; done-for-day and suspended orders wake up later.
  held: OrderStatus.Inactive,
  done_for_day: OrderStatus.Inactive,
  suspended: OrderStatus.Inactive,
  filled: OrderStatus.Filled,
  canceled: OrderStatus.Canceled,
  expired: OrderStatus.Canceled,
  replaced: OrderStatus.Canceled,
  rejected: OrderStatus.Rejected,
};

const TYPE: Readonly<Record<AlpacaOrderType, OrderType>> = {
  market: OrderType.Market,
  limit: OrderType.Limit,
  stop: OrderType.Stop,
  stop_limit: OrderType.StopLimit,
  trailing_stop: OrderType.Stop,
};

const TIF: Readonly<Record<AlpacaTimeInForce, TimeInForce>> = {
  day: TimeInForce.DAY,
  gtc: TimeInForce.GTC,
  ioc: TimeInForce.IOC,
  fok: TimeInForce.FOK,
  // We never send opening/closing-auction orders; ones placed elsewhere live for one session, like DAY.
  opg: TimeInForce.DAY,
  cls: TimeInForce.DAY,
};

/**
 * Alpaca's order status → ours. A status Alpaca adds later (or an undocumented one) must not stop the adapter: the
 * order exists at Alpaca, so it reads as Working until a known status arrives.
 */
export function parseAlpacaStatus(status: AlpacaOrderStatus): OrderStatus {
  return (STATUS as Readonly<Record<string, OrderStatus>>)[status] ?? OrderStatus.Working;
}

export function parseAlpacaSide(side: AlpacaSide | 'sell_short'): Side {
  return side === 'buy' ? Side.Buy : Side.Sell;
}

/** ISO-8601 with Alpaca's microseconds (`2021-03-16T18:38:01.942282Z`) to Unix ms. */
export function parseIsoMs(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Decimal string (or null) to Fixed; empty means zero. */
export function fixedOf(text: string | null | undefined): Fixed {
  return text === null || text === undefined || text === '' ? FIXED_ZERO : parseFixed(text);
}

function numberOf(text: string | null | undefined): number | undefined {
  return text === null || text === undefined || text === '' ? undefined : fromFixed(parseFixed(text));
}

function legPrices(wire: AlpacaOrderWire): { takeProfit?: number; stopLoss?: number } {
  const result: { takeProfit?: number; stopLoss?: number } = {};
  for (const leg of wire.legs ?? []) {
    if (leg.type === 'limit') result.takeProfit = numberOf(leg.limit_price);
    else if (leg.type === 'stop' || leg.type === 'stop_limit') result.stopLoss = numberOf(leg.stop_price);
  }
  return result;
}

/** One Alpaca order (without its legs) as a contract `Order`. */
export function parseAlpacaOrder(wire: AlpacaOrderWire, parent?: AlpacaOrderWire): Order {
  const createTime = parseIsoMs(wire.created_at) ?? 0;
  const filledQty = fixedOf(wire.filled_qty);
  const order: Order = {
    id: wire.id,
    clientOrderId: wire.client_order_id,
    symbol: wire.symbol,
    type: (TYPE as Readonly<Record<string, OrderType>>)[wire.type] ?? (wire.limit_price ? OrderType.Limit : OrderType.Market),
    side: parseAlpacaSide(wire.side),
    qty: fromFixed(fixedOf(wire.qty)),
    status: parseAlpacaStatus(wire.status),
    filledQty: fromFixed(filledQty),
    duration: { type: TIF[wire.time_in_force] },
    commission: 0,
    createTime,
    updateTime: parseIsoMs(wire.updated_at) ?? createTime,
    ...definedPrices(wire),
    ...(wire.order_class === 'bracket' || wire.order_class === 'oco' ? legPrices(wire) : {}),
  };
  if (filledQty > FIXED_ZERO) {
    const avg = numberOf(wire.filled_avg_price);
    if (avg !== undefined) order.avgPrice = avg;
  }
  if (parent) {
    const parentFilled = parent.status === 'filled';
    order.parentId = parentFilled ? parent.symbol : parent.id;
    order.parentType = parentFilled ? ParentType.Position : ParentType.Order;
  }
  if (wire.status === 'rejected') order.rejectReason = 'rejected by Alpaca';
  return order;
}

function definedPrices(wire: AlpacaOrderWire): { limitPrice?: number; stopPrice?: number; trailingStopPips?: number } {
  const result: { limitPrice?: number; stopPrice?: number; trailingStopPips?: number } = {};
  const limit = numberOf(wire.limit_price);
  if (limit !== undefined) result.limitPrice = limit;
  // A trailing stop's current trigger is its stop_price; the trail distance is kept in cents (US equity ticks).
  const stop = numberOf(wire.stop_price);
  if (stop !== undefined) result.stopPrice = stop;
  if (wire.type === 'trailing_stop' && wire.trail_price) result.trailingStopPips = Math.round(Number(wire.trail_price) * 100);
  return result;
}

/** An order and its bracket legs, parent first. */
export function parseAlpacaOrderTree(wire: AlpacaOrderWire): Order[] {
  return [parseAlpacaOrder(wire), ...(wire.legs ?? []).map((leg) => parseAlpacaOrder(leg, wire))];
}

export function parseAlpacaPosition(wire: AlpacaPositionWire, now: number): Position {
  const qty = fixedOf(wire.qty);
  return {
    id: wire.symbol,
    symbol: wire.symbol,
    qty: fromFixed(qty < FIXED_ZERO ? -qty : qty),
    side: wire.side === 'short' || qty < FIXED_ZERO ? Side.Sell : Side.Buy,
    avgPrice: fromFixed(fixedOf(wire.avg_entry_price)),
    pl: fromFixed(fixedOf(wire.unrealized_pl)),
    updateTime: now,
  };
}

/**
 * Alpaca reports cash after purchases, so `balance` is defined as equity minus unrealized P&L (cash plus the
 * cost basis of open positions), which keeps the contract's identity equity = balance + unrealizedPL.
 * Realized P&L is today's: the change in equity since the last close minus today's unrealized move.
 */
export function parseAlpacaAccount(
  wire: AlpacaAccountWire,
  positions: readonly AlpacaPositionWire[],
  identity: { id: string; name: string },
): Account {
  const equity = fixedOf(wire.equity);
  let unrealized = FIXED_ZERO;
  let intraday = FIXED_ZERO;
  for (const p of positions) {
    unrealized += fixedOf(p.unrealized_pl);
    intraday += fixedOf(p.unrealized_intraday_pl);
  }
  const realized = equity - fixedOf(wire.last_equity) - intraday;
  return {
    id: identity.id,
    name: identity.name,
    currency: wire.currency,
    balance: fromFixed(equity - unrealized),
    equity: fromFixed(equity),
    unrealizedPL: fromFixed(unrealized),
    realizedPL: fromFixed(realized),
    marginUsed: fromFixed(fixedOf(wire.initial_margin)),
    buyingPower: fromFixed(fixedOf(wire.buying_power)),
  };
}

/** The execution a `fill`/`partial_fill` trade update reports, if any. */
export function parseTradeUpdateExecution(update: AlpacaTradeUpdateWire, now: number): Execution | undefined {
  if (update.event !== 'fill' && update.event !== 'partial_fill') return undefined;
  if (!update.price || !update.qty) return undefined;
  return {
    id: update.execution_id ?? `${update.order.id}:${update.order.filled_qty}`,
    orderId: update.order.id,
    symbol: update.order.symbol,
    price: fromFixed(parseFixed(update.price)),
    qty: fromFixed(parseFixed(update.qty)),
    side: parseAlpacaSide(update.order.side),
    time: parseIsoMs(update.timestamp) ?? now,
    commission: 0,
  };
}

export function parseAlpacaFillActivity(wire: AlpacaFillActivityWire): Execution {
  return {
    id: wire.id,
    orderId: wire.order_id,
    symbol: wire.symbol,
    price: fromFixed(parseFixed(wire.price)),
    qty: fromFixed(parseFixed(wire.qty)),
    side: parseAlpacaSide(wire.side),
    time: parseIsoMs(wire.transaction_time) ?? 0,
    commission: 0,
  };
}
