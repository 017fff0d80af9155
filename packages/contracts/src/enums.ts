/** Numeric enumerations of the public API, identical to TradingView's broker API. */

export const Side = { Buy: 1, Sell: -1 } as const;
export type Side = (typeof Side)[keyof typeof Side];

export const OrderType = { Limit: 1, Market: 2, Stop: 3, StopLimit: 4 } as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

export const OrderStatus = { Canceled: 1, Filled: 2, Inactive: 3, Placing: 4, Rejected: 5, Working: 6 } as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const ParentType = { Order: 1, Position: 2 } as const;
export type ParentType = (typeof ParentType)[keyof typeof ParentType];

export const ConnectionStatus = { Connected: 1, Connecting: 2, Disconnected: 3, Error: 4 } as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

export const TimeInForce = { GTC: 'GTC', DAY: 'DAY', IOC: 'IOC', FOK: 'FOK' } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/** True for statuses after which an order never changes again. */
export function isFinalStatus(status: OrderStatus): boolean {
  return status === OrderStatus.Canceled || status === OrderStatus.Filled || status === OrderStatus.Rejected;
}
