/** Bybit v5 order enums mapped explicitly (`orderStatus` of REST orders and the `order` stream topic). */
import { OrderStatus } from '@trading-pro/contracts';

export function parseBybitOrderStatus(status: string | undefined): OrderStatus | undefined {
  switch (status) {
    case 'Created':
      return OrderStatus.Placing;
    case 'New':
    case 'PartiallyFilled':
    case 'Untriggered':
    case 'Triggered':
    case 'Active':
      return OrderStatus.Working;
    case 'Filled':
      return OrderStatus.Filled;
    case 'Cancelled':
    case 'PartiallyFilledCanceled':
    case 'Deactivated':
      return OrderStatus.Canceled;
    case 'Rejected':
      return OrderStatus.Rejected;
    default:
      return undefined;
  }
}

export function bybitStatusOf(info: Readonly<Record<string, unknown>>): OrderStatus | undefined {
  const status = info['orderStatus'];
  return parseBybitOrderStatus(typeof status === 'string' ? status : undefined);
}
