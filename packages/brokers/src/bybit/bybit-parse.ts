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

/** Bybit bans an IP that breaks the 600-requests-per-5-s limit: HTTP 403 "access too frequent", lifted after at least 10 minutes. */
export const BYBIT_IP_BAN_MS = 10 * 60_000;

/**
 * Bybit's rate-limit answers: retCode 10006 "Too many visits!" (the per-UID limit; `X-Bapi-Limit-Reset-Timestamp`
 * says when it resets) and HTTP 403 (the IP ban). Undefined for any other answer.
 */
export function bybitRateLimitWaitMs(status: number, headers: Readonly<Record<string, string | undefined>>, body: string, now: number): number | undefined {
  if (status === 403) return BYBIT_IP_BAN_MS;
  if (!/"retCode"\s*:\s*10006\b/.test(body)) return undefined;
  const reset = Number(Object.entries(headers).find(([key]) => key.toLowerCase() === 'x-bapi-limit-reset-timestamp')?.[1]);
  return Number.isFinite(reset) && reset > now ? reset - now : 1_000;
}
