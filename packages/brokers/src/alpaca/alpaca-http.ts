/**
 * Raw Alpaca Trading API v2 client over global fetch: one method per endpoint, key headers, a token bucket
 * (200 requests/minute), Retry-After on 429 and bounded retries of reads. Writes are never retried blindly:
 * a transport failure on a write surfaces as BROKER_UNAVAILABLE and the caller reconciles.
 */
import { ErrorCode, isTradingError } from '@trading-pro/contracts';
import { RateLimiter, parseRetryAfter } from '../common/rate-limiter.ts';
import { DEFAULT_BACKOFF, withRetry } from '../common/retry.ts';
import type { BackoffOptions } from '../common/retry.ts';
import { mapAlpacaHttpError, mapAlpacaTransportError } from './alpaca-errors.ts';
import type { AlpacaRequestKind } from './alpaca-errors.ts';
import type {
  AlpacaAccountWire,
  AlpacaCalendarDayWire,
  AlpacaClockWire,
  AlpacaErrorWire,
  AlpacaFillActivityWire,
  AlpacaOrderRequest,
  AlpacaOrderWire,
  AlpacaPositionWire,
  AlpacaReplaceRequest,
} from './alpaca-types.ts';

export interface AlpacaHttpOptions {
  readonly baseUrl: string;
  readonly keyId: string;
  readonly secretKey: string;
  readonly requestTimeoutMs: number;
  readonly requestsPerMinute: number;
  /** Longest wait for a Retry-After or the bucket before RATE_LIMITED is returned instead. */
  readonly maxRateLimitWaitMs: number;
  readonly readRetry?: BackoffOptions;
  /** The clock rate-limit waits run on (a test clock skips them); real time when absent. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Request {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly kind: AlpacaRequestKind;
}

/** 429s retried by waiting out Retry-After: the request was refused, so sending it again is safe. */
const RATE_LIMIT_ATTEMPTS = 4;

export class AlpacaHttpClient {
  readonly #options: AlpacaHttpOptions;
  readonly #limiter: RateLimiter;

  constructor(options: AlpacaHttpOptions) {
    this.#options = options;
    this.#limiter = new RateLimiter({
      capacity: options.requestsPerMinute,
      refillPerSecond: options.requestsPerMinute / 60,
      maxWaitMs: options.maxRateLimitWaitMs,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    });
  }

  getAccount(kind: AlpacaRequestKind = 'read'): Promise<AlpacaAccountWire> {
    return this.#read({ method: 'GET', path: '/v2/account', kind });
  }

  getPositions(): Promise<AlpacaPositionWire[]> {
    return this.#read({ method: 'GET', path: '/v2/positions', kind: 'read' });
  }

  getPosition(symbol: string): Promise<AlpacaPositionWire> {
    return this.#read({ method: 'GET', path: `/v2/positions/${encodeURIComponent(symbol)}`, kind: 'read' });
  }

  /** DELETE /v2/positions/{symbol}: a market order closing all of it, or `qty` shares, or `percentage`. */
  closePosition(symbol: string, amount: { qty?: string; percentage?: string }): Promise<AlpacaOrderWire> {
    const query = { qty: amount.qty, percentage: amount.percentage };
    return this.#send({ method: 'DELETE', path: `/v2/positions/${encodeURIComponent(symbol)}`, query, kind: 'order' });
  }

  submitOrder(body: AlpacaOrderRequest): Promise<AlpacaOrderWire> {
    return this.#send({ method: 'POST', path: '/v2/orders', body, kind: 'order' });
  }

  getOrder(orderId: string): Promise<AlpacaOrderWire> {
    return this.#read({ method: 'GET', path: `/v2/orders/${encodeURIComponent(orderId)}`, query: { nested: 'true' }, kind: 'read' });
  }

  /** The order a client_order_id names, or undefined when Alpaca never received it. */
  async getOrderByClientId(clientOrderId: string): Promise<AlpacaOrderWire | undefined> {
    try {
      return await this.#read<AlpacaOrderWire>({
        method: 'GET',
        path: '/v2/orders:by_client_order_id',
        query: { client_order_id: clientOrderId },
        kind: 'read',
      });
    } catch (error) {
      if (isTradingError(error) && error.code === ErrorCode.NOT_FOUND) return undefined;
      throw error;
    }
  }

  /** GET /v2/orders?status=all, newest first, bracket legs nested. */
  listOrders(options: { status?: 'open' | 'closed' | 'all'; after?: string; limit?: number } = {}): Promise<AlpacaOrderWire[]> {
    const query = {
      status: options.status ?? 'all',
      limit: String(options.limit ?? 500),
      direction: 'desc',
      nested: 'true',
      after: options.after,
    };
    return this.#read({ method: 'GET', path: '/v2/orders', query, kind: 'read' });
  }

  replaceOrder(orderId: string, body: AlpacaReplaceRequest): Promise<AlpacaOrderWire> {
    return this.#send({ method: 'PATCH', path: `/v2/orders/${encodeURIComponent(orderId)}`, body, kind: 'order' });
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.#send({ method: 'DELETE', path: `/v2/orders/${encodeURIComponent(orderId)}`, kind: 'cancel' });
  }

  getClock(): Promise<AlpacaClockWire> {
    return this.#read({ method: 'GET', path: '/v2/clock', kind: 'read' });
  }

  getCalendar(start: string, end: string): Promise<AlpacaCalendarDayWire[]> {
    return this.#read({ method: 'GET', path: '/v2/calendar', query: { start, end }, kind: 'read' });
  }

  getFillActivities(after?: string): Promise<AlpacaFillActivityWire[]> {
    return this.#read({ method: 'GET', path: '/v2/account/activities/FILL', query: { after, direction: 'desc', page_size: '100' }, kind: 'read' });
  }

  /** Reads are idempotent: transport failures and 5xx are retried with backoff. */
  #read<T>(request: Request): Promise<T> {
    return withRetry(() => this.#send<T>(request), this.#options.readRetry ?? DEFAULT_BACKOFF);
  }

  async #send<T>(request: Request): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#once<T>(request);
      } catch (error) {
        if (!isTradingError(error) || error.code !== ErrorCode.RATE_LIMITED || attempt >= RATE_LIMIT_ATTEMPTS) throw error;
        // The limiter now holds the Retry-After block; the next acquire waits it out (or refuses if too long).
      }
    }
  }

  async #once<T>(request: Request): Promise<T> {
    await this.#limiter.acquire();
    const url = new URL(request.path, this.#options.baseUrl);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          'APCA-API-KEY-ID': this.#options.keyId,
          'APCA-API-SECRET-KEY': this.#options.secretKey,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.#options.requestTimeoutMs),
      });
    } catch (error) {
      throw mapAlpacaTransportError(error, `${request.method} ${request.path}`);
    }
    const headers = Object.fromEntries(response.headers.entries());
    const now = this.#options.now?.() ?? Date.now();
    // Alpaca's 429 names the end of its window in X-RateLimit-Reset (Unix seconds); a Retry-After, when sent, wins.
    const resetMs = response.status === 429 && headers['retry-after'] === undefined ? alpacaResetWaitMs(headers['x-ratelimit-reset'], now) : undefined;
    if (resetMs !== undefined) this.#limiter.blockFor(resetMs);
    else this.#limiter.observe(response.status, headers);
    const text = await this.#readBody(response, request);
    if (response.ok) return (text === '' ? undefined : JSON.parse(text)) as T;
    const retryAfterMs = resetMs ?? parseRetryAfter(headers['retry-after'], now);
    const retryAfterS = retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw mapAlpacaHttpError(response.status, errorBody(text), request.kind, retryAfterS);
  }

  async #readBody(response: Response, request: Request): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw mapAlpacaTransportError(error, `${request.method} ${request.path}`);
    }
  }
}

/** Milliseconds until Alpaca's `X-RateLimit-Reset` (Unix seconds); undefined without a usable header. */
export function alpacaResetWaitMs(reset: string | undefined, now: number): number | undefined {
  const seconds = Number(reset);
  if (reset === undefined || reset === '' || !Number.isFinite(seconds)) return undefined;
  return Math.max(0, seconds * 1_000 - now);
}

function errorBody(text: string): AlpacaErrorWire | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as AlpacaErrorWire) : undefined;
  } catch {
    return text === '' ? undefined : { message: text };
  }
}

/** True when an error leaves the effect of a write unknown (no HTTP answer, or a 5xx). */
export function isAmbiguous(error: unknown): boolean {
  return isTradingError(error) && error.code === ErrorCode.BROKER_UNAVAILABLE;
}

