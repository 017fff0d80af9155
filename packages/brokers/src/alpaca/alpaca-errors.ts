/** Maps Alpaca's HTTP answers and transport failures to the contract's error codes, in one place. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { AlpacaErrorWire } from './alpaca-types.ts';

/** What the request was for: a 403 means a bad key at connect time but a refused order when trading. */
export type AlpacaRequestKind = 'connect' | 'order' | 'read' | 'cancel';

function venueMessage(body: AlpacaErrorWire | undefined, fallback: string): string {
  return body?.message && body.message.trim() !== '' ? body.message : fallback;
}

/** Alpaca answers a refused order with 403 (buying power, shortable…) or 422 (invalid fields, unknown asset). */
function orderRejection(status: number, message: string): TradingError {
  const text = message.toLowerCase();
  if (text.includes('insufficient buying power') || text.includes('insufficient day trading buying power')) {
    return new TradingError(ErrorCode.INSUFFICIENT_BUYING_POWER, `Alpaca refused the order: ${message}`);
  }
  if (text.includes('insufficient qty') || text.includes('insufficient quantity')) {
    return new TradingError(ErrorCode.INSUFFICIENT_BUYING_POWER, `Alpaca refused the order: ${message}`);
  }
  if (/asset .*not found|could not find asset|not found.*asset|is not active|not tradable/.test(text)) {
    return new TradingError(ErrorCode.UNKNOWN_SYMBOL, `Alpaca refused the order: ${message}`);
  }
  if (text.includes('market') && text.includes('closed')) {
    return new TradingError(ErrorCode.MARKET_CLOSED, `Alpaca refused the order: ${message}`);
  }
  return new TradingError(ErrorCode.ORDER_REJECTED, `Alpaca refused the order (HTTP ${status}): ${message}`);
}

export function mapAlpacaHttpError(
  status: number,
  body: AlpacaErrorWire | undefined,
  kind: AlpacaRequestKind,
  retryAfterS?: number,
): TradingError {
  const message = venueMessage(body, `HTTP ${status}`);
  if (status === 401) return new TradingError(ErrorCode.UNAUTHORIZED, `Alpaca rejected the API key: ${message}`);
  if (status === 403) {
    // Alpaca answers an unknown or revoked key pair with 403 "forbidden" as often as with 401.
    if (kind === 'connect' || message.toLowerCase() === 'forbidden') {
      return new TradingError(ErrorCode.UNAUTHORIZED, `Alpaca rejected the API key: ${message}`);
    }
    if (kind === 'order') return orderRejection(status, message);
    return new TradingError(ErrorCode.FORBIDDEN, `Alpaca refused the request: ${message}`);
  }
  if (status === 404) return new TradingError(ErrorCode.NOT_FOUND, `Alpaca: ${message}`);
  if (status === 422 && kind === 'order') return orderRejection(status, message);
  if (status === 422 && kind === 'cancel') return new TradingError(ErrorCode.CONFLICT, `Alpaca: ${message}`);
  if (status === 422) return new TradingError(ErrorCode.VALIDATION_ERROR, `Alpaca: ${message}`);
  if (status === 429) {
    return new TradingError(ErrorCode.RATE_LIMITED, 'Alpaca rate limit reached; retry later', { retryAfterS: retryAfterS ?? 1 });
  }
  if (status >= 500) return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `Alpaca is unavailable (HTTP ${status}): ${message}`);
  return new TradingError(ErrorCode.ORDER_REJECTED, `Alpaca: ${message} (HTTP ${status})`);
}

/** A request that got no HTTP answer (refused connection, reset, timeout): its effect is unknown. */
export function mapAlpacaTransportError(error: unknown, what: string): TradingError {
  const reason = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : error.message) : String(error);
  return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `Alpaca did not answer ${what}: ${reason}`, { cause: error });
}
