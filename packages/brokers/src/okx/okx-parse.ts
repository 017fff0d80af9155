/** OKX v5 order enums mapped explicitly (`state` of REST orders and the `orders` channel). */
import { OrderStatus } from '@trading-pro/contracts';

export function parseOkxOrderState(state: string | undefined): OrderStatus | undefined {
  switch (state) {
    case 'live':
    case 'partially_filled':
      return OrderStatus.Working;
    case 'filled':
      return OrderStatus.Filled;
    case 'canceled':
    case 'mmp_canceled':
      return OrderStatus.Canceled;
    default:
      return undefined;
  }
}

export function okxStatusOf(info: Readonly<Record<string, unknown>>): OrderStatus | undefined {
  const state = info['state'];
  return parseOkxOrderState(typeof state === 'string' ? state : undefined);
}
