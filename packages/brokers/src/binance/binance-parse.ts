/** Binance order enums mapped explicitly (REST `status`, user-stream `X`), from the spot API documentation. */
import { OrderStatus } from '@trading-pro/contracts';

/** Binance spot/futures order status → ours; PENDING_CANCEL is still working until the venue confirms. */
export function parseBinanceOrderStatus(status: string | undefined): OrderStatus | undefined {
  switch (status) {
    case 'PENDING_NEW':
      return OrderStatus.Placing;
    case 'NEW':
    case 'PARTIALLY_FILLED':
    case 'PENDING_CANCEL':
      return OrderStatus.Working;
    case 'FILLED':
      return OrderStatus.Filled;
    case 'CANCELED':
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return OrderStatus.Canceled;
    case 'REJECTED':
      return OrderStatus.Rejected;
    default:
      return undefined;
  }
}

/**
 * Binance USDⓈ-M algo (conditional) order status → ours. Until it triggers the order works in the algo service;
 * TRIGGERED and FINISHED hand it to the book order it became, whose own status then decides (never "Filled" here).
 */
export function parseBinanceAlgoStatus(status: string | undefined): OrderStatus | undefined {
  switch (status) {
    case 'NEW':
    case 'TRIGGERING':
    case 'TRIGGERED':
    case 'FINISHED':
      return OrderStatus.Working;
    case 'CANCELED':
    case 'EXPIRED':
      return OrderStatus.Canceled;
    case 'REJECTED':
      return OrderStatus.Rejected;
    default:
      return undefined;
  }
}

/** The status field of a REST order (`status`), a user-stream execution report (`X`), or an algo order's. */
export function binanceStatusOf(info: Readonly<Record<string, unknown>>): OrderStatus | undefined {
  if ('algoStatus' in info || 'aid' in info) {
    const algo = info['algoStatus'] ?? info['X'];
    return parseBinanceAlgoStatus(typeof algo === 'string' ? algo : undefined);
  }
  const status = info['status'] ?? info['X'];
  return parseBinanceOrderStatus(typeof status === 'string' ? status : undefined);
}

/** Binance's `X-MBX-USED-WEIGHT-1M` against its 6,000-per-minute request-weight budget. */
export function binanceWeightPauseMs(usedWeight: string | undefined, now: number, limit = 6_000): number {
  const used = Number(usedWeight);
  if (!Number.isFinite(used) || used < limit * 0.9) return 0;
  return 60_000 - (now % 60_000);
}
