/** OKX v5 payload readers: order states mapped explicitly, the account's permissions and cash balance. */
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

/** `perm` of GET /api/v5/account/config (`read_only,trade,withdraw`): a reason when `trade` is missing. */
export function okxPermissionProblem(config: unknown): string | undefined {
  const perm = recordOf(config)['perm'];
  if (typeof perm !== 'string') return undefined;
  return perm.split(',').includes('trade') ? undefined : `the API key has no trade permission (${perm})`;
}

/** `cashBal` of a currency in GET /api/v5/account/balance: its `eq` includes the positions' unrealized P&L. */
export function okxCashBalance(balanceResponse: unknown, currency: string): number | undefined {
  const data = recordOf(balanceResponse)['data'];
  const details = Array.isArray(data) ? recordOf(data[0])['details'] : undefined;
  if (!Array.isArray(details)) return undefined;
  const entry = details.map(recordOf).find((detail) => detail['ccy'] === currency);
  const cash = Number(entry?.['cashBal']);
  return entry === undefined || !Number.isFinite(cash) ? undefined : cash;
}

function recordOf(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/**
 * OKX reports a charged fee as a negative `fee`/`fillFee` (a rebate as a positive one); ccxt keeps that sign on
 * trades from the `orders` channel. Ours is the amount charged: positive, a rebate negative.
 */
export function okxChargedFee(info: Readonly<Record<string, unknown>>): number | undefined {
  const raw = info['fillFee'] ?? info['fee'];
  const value = Number(raw);
  return raw === undefined || raw === '' || !Number.isFinite(value) ? undefined : -value;
}

/**
 * OKX's rate-limit answers: code 50011 ("Rate limit reached", per endpoint) and 50061 (sub-account order limit),
 * with HTTP 429 and no Retry-After. OKX counts its limits in 2-second windows, so one window is waited out.
 */
export function okxRateLimitWaitMs(status: number, _headers: Readonly<Record<string, string | undefined>>, body: string): number | undefined {
  if (/"code"\s*:\s*"(50011|50061)"/.test(body)) return 2_000;
  return status === 429 ? 2_000 : undefined;
}

/** `posMode` of GET /api/v5/account/config: `long_short_mode` is hedge mode, `net_mode` net. */
export function okxPositionMode(config: unknown): 'net' | 'hedge' | undefined {
  const mode = recordOf(config)['posMode'];
  return mode === 'long_short_mode' ? 'hedge' : mode === 'net_mode' ? 'net' : undefined;
}
