/** Error codes of the public API and the HTTP status each maps to (CONTRACT.md §Conventions). */
export const ErrorCode = {
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INSUFFICIENT_BUYING_POWER: 'INSUFFICIENT_BUYING_POWER',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  MARKET_CLOSED: 'MARKET_CLOSED',
  RISK_LIMIT: 'RISK_LIMIT',
  UNSUPPORTED_ORDER: 'UNSUPPORTED_ORDER',
  ORDER_REJECTED: 'ORDER_REJECTED',
  RATE_LIMITED: 'RATE_LIMITED',
  BROKER_UNAVAILABLE: 'BROKER_UNAVAILABLE',
  /** The journal cannot commit: nothing changed; retry with the same `clientOrderId`. */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  /** A `sinceSeq` replay would exceed the server's replay limit: read fresh snapshots, then subscribe without it. */
  RESYNC_REQUIRED: 'RESYNC_REQUIRED',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Business rejections: the order is recorded as Rejected with this code as its reason's kind. */
export const REJECTION_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.INSUFFICIENT_BUYING_POWER,
  ErrorCode.UNKNOWN_SYMBOL,
  ErrorCode.MARKET_CLOSED,
  ErrorCode.RISK_LIMIT,
  ErrorCode.UNSUPPORTED_ORDER,
  ErrorCode.ORDER_REJECTED,
]);

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_ERROR:
      return 400;
    case ErrorCode.UNAUTHORIZED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
    case ErrorCode.RESYNC_REQUIRED:
      return 409;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.BROKER_UNAVAILABLE:
    case ErrorCode.STORAGE_UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL_ERROR:
      return 500;
    default:
      return 422;
  }
}

export interface ErrorDetail {
  readonly path?: string;
  readonly message: string;
  readonly [key: string]: unknown;
}

/** `Error` with V8's frame limit (Node, Chromium; elsewhere setting it is harmless). */
const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number };

/** The one error type that crosses layers; the server maps it to `{error: {code, message, details}}`. */
export class TradingError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[] | undefined;
  /** Seconds to wait before retrying (RATE_LIMITED). */
  readonly retryAfterS: number | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: readonly ErrorDetail[]; retryAfterS?: number; cause?: unknown } = {}) {
    // A client's mistake (4xx) carries no stack: nothing in it is ours to debug, and capturing one cost more than
    // the rest of answering a bad request (a flood of them would be cheap to send and dear to refuse).
    const stackTraceLimit = V8Error.stackTraceLimit;
    if (httpStatusOf(code) < 500) V8Error.stackTraceLimit = 0;
    try {
      super(message, options.cause === undefined ? undefined : { cause: options.cause });
    } finally {
      V8Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'TradingError';
    this.code = code;
    this.details = options.details;
    this.retryAfterS = options.retryAfterS;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: readonly ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isTradingError(value: unknown): value is TradingError {
  return value instanceof TradingError;
}
