/** ccxt's error classes to the contract's codes; the order matters because ccxt's classes nest. */
import {
  AuthenticationError,
  BadRequest,
  BadSymbol,
  CancelPending,
  DDoSProtection,
  InsufficientFunds,
  InvalidOrder,
  MarketClosed,
  NetworkError,
  NotSupported,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
} from 'ccxt';
import { ErrorCode, TradingError, isTradingError } from '@trading-pro/contracts';

export interface MapOptions {
  /** The failing call was an order submission: venue refusals become recorded rejections. */
  readonly ordering?: boolean;
  /** Seconds until the rate limiter lets calls through again. */
  readonly retryAfterS?: number;
  readonly venue: string;
}

/** Converts any error thrown by a ccxt call into a `TradingError` (already-mapped errors pass through). */
export function mapCcxtError(error: unknown, options: MapOptions): TradingError {
  if (isTradingError(error)) return error;
  const message = `${options.venue}: ${error instanceof Error ? firstLine(error.message) : String(error)}`;
  const code = codeOf(error, options.ordering === true);
  const retryAfterS = code === ErrorCode.RATE_LIMITED ? (options.retryAfterS ?? 1) : undefined;
  return new TradingError(code, message, { cause: error, ...(retryAfterS === undefined ? {} : { retryAfterS }) });
}

function codeOf(error: unknown, ordering: boolean): ErrorCode {
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection) return ErrorCode.RATE_LIMITED;
  if (error instanceof NetworkError) return ErrorCode.BROKER_UNAVAILABLE;
  if (error instanceof PermissionDenied) return ErrorCode.FORBIDDEN;
  if (error instanceof AuthenticationError) return ErrorCode.UNAUTHORIZED;
  if (error instanceof InsufficientFunds) return ErrorCode.INSUFFICIENT_BUYING_POWER;
  if (error instanceof BadSymbol) return ErrorCode.UNKNOWN_SYMBOL;
  if (error instanceof MarketClosed) return ErrorCode.MARKET_CLOSED;
  if (error instanceof OrderNotFound) return ErrorCode.NOT_FOUND;
  if (error instanceof NotSupported) return ErrorCode.UNSUPPORTED_ORDER;
  if (error instanceof CancelPending) return ErrorCode.CONFLICT;
  if (error instanceof InvalidOrder) return ErrorCode.ORDER_REJECTED;
  if (error instanceof BadRequest) return ordering ? ErrorCode.ORDER_REJECTED : ErrorCode.VALIDATION_ERROR;
  return ordering ? ErrorCode.ORDER_REJECTED : ErrorCode.INTERNAL_ERROR;
}

/** True when a submission may or may not have reached the venue (timeout, dropped connection, 5xx). */
export function isAmbiguousCcxtError(error: unknown): boolean {
  const cause = isTradingError(error) ? error.cause : error;
  return cause instanceof NetworkError && !(cause instanceof RateLimitExceeded) && !(cause instanceof DDoSProtection);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
