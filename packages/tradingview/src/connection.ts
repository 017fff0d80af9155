/** How the adapters reach a Trading Pro server: connection options, the SDK client they share, readable errors. */
import { TradingProClient, isTradingProError, type TradingClient, type WebSocketConstructor } from '@trading-pro/sdk';

export interface ConnectionOptions {
  /** Server origin, e.g. `http://127.0.0.1:8000`; defaults to the page's own origin in a browser. */
  readonly baseUrl?: string;
  /** Bearer token; omit when the server runs with `auth.mode: none`. */
  readonly token?: string;
  readonly fetch?: typeof fetch;
  readonly WebSocket?: WebSocketConstructor;
  /**
   * An SDK client to use instead of making one (pass the same client to the datafeed and the broker so the chart
   * and the account share one WebSocket). The adapters never close a client they were given.
   */
  readonly client?: TradingClient;
}

/** The server origin: the option, else the page's origin; an error when neither exists (Node without `baseUrl`). */
export function originOf(options: ConnectionOptions): string {
  const origin = options.baseUrl ?? (globalThis as { location?: { origin?: string } }).location?.origin;
  if (origin === undefined || origin === 'null') throw new Error('baseUrl is required outside a browser page');
  return origin.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

/** The SDK client the options name or describe, and whether the caller owns it (then `close` leaves it open). */
export function clientOf(options: ConnectionOptions, accountId?: string): { client: TradingClient; shared: boolean } {
  if (options.client) return { client: options.client, shared: true };
  const client = new TradingProClient({
    baseUrl: originOf(options),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(accountId === undefined ? {} : { accountId }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
  });
  return { client, shared: false };
}

/**
 * The sentence TradingView shows for a failed call: the server's message, plus the field-level details of a
 * validation error when they add something (`qty: must be a multiple of 0.01`).
 */
export function readableMessage(error: unknown): string {
  if (isTradingProError(error)) {
    const details = error.details
      .filter((detail) => detail.message !== '' && !error.message.includes(detail.message))
      .map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message));
    return details.length === 0 ? error.message : `${error.message} (${details.join('; ')})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The same failure as an `Error` carrying that sentence, for the promises TradingView awaits. */
export function readableError(error: unknown): Error {
  const readable = new Error(readableMessage(error), { cause: error });
  if (isTradingProError(error)) readable.name = error.code;
  return readable;
}

/** True when the server answered 404 NOT_FOUND (an unknown symbol, order or position). */
export function isNotFound(error: unknown): boolean {
  return isTradingProError(error) && error.code === 'NOT_FOUND';
}
