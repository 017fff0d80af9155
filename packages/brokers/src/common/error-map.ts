/** Venue HTTP failures to the contract's error codes, for adapters that speak HTTP without ccxt. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';

/** Maps a venue's HTTP status to our code; `ordering` turns 400/422 refusals into recorded rejections. */
export function errorFromHttpStatus(status: number, message: string, options: { ordering?: boolean; retryAfterS?: number } = {}): TradingError {
  const code = codeForStatus(status, options.ordering === true);
  return new TradingError(code, message, options.retryAfterS === undefined ? {} : { retryAfterS: options.retryAfterS });
}

function codeForStatus(status: number, ordering: boolean): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHORIZED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 409) return ErrorCode.CONFLICT;
  if (status === 429 || status === 418) return ErrorCode.RATE_LIMITED;
  if (status >= 500 || status === 408) return ErrorCode.BROKER_UNAVAILABLE;
  return ordering ? ErrorCode.ORDER_REJECTED : ErrorCode.VALIDATION_ERROR;
}

/** A failure whose outcome is unknown: the request may have reached the venue (timeouts, 5xx, dropped sockets). */
export function isAmbiguousFailure(error: unknown): boolean {
  return error instanceof TradingError && error.code === ErrorCode.BROKER_UNAVAILABLE;
}
