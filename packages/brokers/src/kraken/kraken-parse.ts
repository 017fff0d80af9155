/** Kraken spot order enums mapped explicitly (`status` of QueryOrders/OpenOrders/ClosedOrders and openOrders). */
import { OrderStatus } from '@trading-pro/contracts';

export function parseKrakenOrderStatus(status: string | undefined): OrderStatus | undefined {
  switch (status) {
    case 'pending':
      return OrderStatus.Placing;
    case 'open':
      return OrderStatus.Working;
    case 'closed':
      return OrderStatus.Filled;
    case 'canceled':
    case 'expired':
      return OrderStatus.Canceled;
    default:
      return undefined;
  }
}

export function krakenStatusOf(info: Readonly<Record<string, unknown>>): OrderStatus | undefined {
  const status = info['status'];
  return parseKrakenOrderStatus(typeof status === 'string' ? status : undefined);
}
