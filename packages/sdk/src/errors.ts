/** The SDK's typed error: the contract's `{error: {code, message, details}}` with the HTTP status. */
import { ErrorCode, httpStatusOf } from '@trading-pro/contracts';

export { ErrorCode } from '@trading-pro/contracts';

export interface TradingProErrorDetail {
  readonly path?: string;
  readonly message: string;
  /** Set on a 422 rejection: the id of the order recorded as Rejected. */
  readonly orderId?: string;
  readonly [key: string]: unknown;
}

export interface TradingProErrorInit {
  readonly code: string;
  readonly message: string;
  /** HTTP status; derived from the code when absent (the offline fallback has no HTTP). */
  readonly status?: number;
  readonly details?: readonly TradingProErrorDetail[];
  readonly retryAfterS?: number;
  readonly cause?: unknown;
}

/** Every failure of a call: `code` is the contract's SNAKE_CASE code (NETWORK_ERROR when the server was not reached). */
export class TradingProError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: readonly TradingProErrorDetail[];
  /** Seconds to wait before retrying (429 RATE_LIMITED). */
  readonly retryAfterS: number | undefined;

  constructor(init: TradingProErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TradingProError';
    this.code = init.code;
    this.status = init.status ?? statusOf(init.code);
    this.details = init.details ?? [];
    this.retryAfterS = init.retryAfterS;
  }

  /** The rejected order's id on a 422 business rejection (the order is recorded). */
  get orderId(): string | undefined {
    return this.details.find((detail) => typeof detail.orderId === 'string')?.orderId;
  }
}

/** Code used when the request never got an HTTP answer. */
export const NETWORK_ERROR = 'NETWORK_ERROR';

function statusOf(code: string): number {
  if (code === NETWORK_ERROR) return 0;
  return (Object.values(ErrorCode) as string[]).includes(code) ? httpStatusOf(code as ErrorCode) : 500;
}

export function isTradingProError(value: unknown): value is TradingProError {
  return value instanceof TradingProError;
}
