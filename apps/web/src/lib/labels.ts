/** Human labels for the API's numeric enumerations. */
import { OrderStatus, OrderType, Side, type Order } from '@trading-pro/sdk';

export function sideLabel(side: number): string {
  return side === Side.Buy ? 'Buy' : 'Sell';
}

const TYPE_LABELS: Record<number, string> = {
  [OrderType.Market]: 'Market',
  [OrderType.Limit]: 'Limit',
  [OrderType.Stop]: 'Stop',
  [OrderType.StopLimit]: 'Stop Limit',
};

export function typeLabel(type: number): string {
  return TYPE_LABELS[type] ?? String(type);
}

const STATUS_LABELS: Record<number, string> = {
  [OrderStatus.Canceled]: 'Canceled',
  [OrderStatus.Filled]: 'Filled',
  [OrderStatus.Inactive]: 'Inactive',
  [OrderStatus.Placing]: 'Placing',
  [OrderStatus.Rejected]: 'Rejected',
  [OrderStatus.Working]: 'Working',
};

export function statusLabel(status: number): string {
  return STATUS_LABELS[status] ?? String(status);
}

/** Working and waiting orders (a bracket child waits Inactive until its parent fills). */
export function isActiveOrder(order: Order): boolean {
  return order.status === OrderStatus.Working || order.status === OrderStatus.Inactive || order.status === OrderStatus.Placing;
}

/** The order's price column: limit for limit-type orders, stop for stops, both for stop-limits. */
export function orderPrices(order: Order): { readonly limit?: number; readonly stop?: number } {
  return {
    ...(order.limitPrice !== undefined ? { limit: order.limitPrice } : {}),
    ...(order.stopPrice !== undefined ? { stop: order.stopPrice } : {}),
  };
}
