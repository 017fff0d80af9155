/** Kraken spot payload readers: order statuses mapped explicitly, and ccxt's Kraken orders made uniform. */
import type { Order as CcxtOrder } from 'ccxt';
import { OrderStatus } from '@trading-pro/contracts';

export function parseKrakenOrderStatus(status: string | undefined): OrderStatus | undefined {
  switch (status) {
    case 'pending':
    case 'pending_new':
      return OrderStatus.Placing;
    case 'open':
    case 'new':
    case 'partially_filled':
      return OrderStatus.Working;
    case 'closed':
    case 'filled':
      return OrderStatus.Filled;
    case 'canceled':
    case 'expired':
      return OrderStatus.Canceled;
    default:
      return undefined;
  }
}

/** REST orders carry `status`; WebSocket v2 `executions` carry `order_status`. */
export function krakenStatusOf(info: Readonly<Record<string, unknown>>): OrderStatus | undefined {
  const status = info['status'] ?? info['order_status'];
  return parseKrakenOrderStatus(typeof status === 'string' ? status : undefined);
}

/**
 * ccxt reads a REST `stop-loss` order's trigger as a stop-loss bracket and a v2 execution's `order_userref` (0)
 * as its client id, and leaves a stream order's filled quantity out: the trigger becomes the order's stop
 * price (a v2 execution's `triggers.price`), `cl_ord_id` its client id, `cum_qty` its filled quantity.
 */
export function normalizeKrakenOrder(order: CcxtOrder): CcxtOrder {
  const info = recordOf(order.info);
  const description = recordOf(info['descr']);
  const rawType = String(description['ordertype'] ?? info['order_type'] ?? '');
  const isTrigger = rawType.startsWith('stop-loss') || rawType.startsWith('take-profit');
  const streamTrigger = Number(recordOf(info['triggers'])['price']);
  const trigger = order.triggerPrice ?? order.stopLossPrice ?? order.takeProfitPrice ?? (Number.isFinite(streamTrigger) ? streamTrigger : undefined);
  const clientOrderId = typeof info['cl_ord_id'] === 'string' && info['cl_ord_id'] !== '' ? info['cl_ord_id'] : undefined;
  const cumulative = Number(info['cum_qty']);
  return {
    ...order,
    ...(isTrigger ? { triggerPrice: trigger, stopLossPrice: undefined, takeProfitPrice: undefined } : {}),
    clientOrderId,
    ...(order.filled === undefined && Number.isFinite(cumulative) ? { filled: cumulative } : {}),
  };
}

function recordOf(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Kraken's REST call counter by verification tier: its maximum and its decay per second (docs: Spot REST Rate Limits). */
export const KRAKEN_TIERS = {
  starter: { capacity: 15, refillPerSecond: 0.33 },
  intermediate: { capacity: 20, refillPerSecond: 0.5 },
  pro: { capacity: 20, refillPerSecond: 1 },
} as const;

/**
 * Kraken's rate-limit answers come as errors in a 200 response: `EAPI:Rate limit exceeded` (the counter is over
 * its maximum: wait for one call's worth of decay at the starter rate) and `EService: Throttled: <unix time>`
 * (too many concurrent requests: wait until then).
 */
export function krakenRateLimitWaitMs(_status: number, _headers: Readonly<Record<string, string | undefined>>, body: string, now: number): number | undefined {
  const throttled = /EService:\s*Throttled:\s*(\d+)/.exec(body);
  if (throttled !== null) return Math.max(1_000, Number(throttled[1]) * 1_000 - now);
  if (body.includes('EAPI:Rate limit exceeded') || body.includes('EGeneral:Too many requests')) return Math.ceil(1_000 / KRAKEN_TIERS.starter.refillPerSecond);
  return undefined;
}

/**
 * Kraken's REST counter: ledger and trade-history calls count 2, every other call 1, and AddOrder / CancelOrder (and
 * their batch and amend forms) do not count on it at all (they have the matching engine's own limit).
 */
export function krakenExtraWeight(url: string): number {
  if (/\/private\/(TradesHistory|Ledgers|QueryLedgers|QueryTrades)\b/.test(url)) return 1;
  if (/\/private\/(AddOrder|AddOrderBatch|CancelOrder|CancelOrderBatch|CancelAll|AmendOrder|EditOrder)\b/.test(url)) return -1;
  return 0;
}
