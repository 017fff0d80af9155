/**
 * Raw venue access through ccxt: builds the exchange (testnet, URL override for proxies and fakes), and runs
 * every REST call through the rate limiter and the error mapper. Reads retry with backoff; writes never do,
 * except after a 429 (the venue refused the request, so sending it again cannot duplicate anything).
 */
import { DDoSProtection, RateLimitExceeded, type Exchange } from 'ccxt';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { RateLimiter } from '../common/rate-limiter.ts';
import { DEFAULT_BACKOFF, withRetry, type BackoffOptions } from '../common/retry.ts';
import { mapCcxtError } from './ccxt-errors.ts';
import type { CcxtVenueSpec, MarketKind } from './venue-spec.ts';

export interface CcxtClientOptions {
  readonly apiKey: string;
  readonly secret: string;
  readonly password?: string;
  readonly testnet: boolean;
  readonly market: MarketKind;
  /** Replaces the origin of every REST URL (a proxy, a local fake venue). */
  readonly baseUrl?: string;
  /** Replaces the origin of every WebSocket URL. */
  readonly wsUrl?: string;
  readonly timeoutMs: number;
  /** ccxt's own per-request throttle (on by default; tests switch it off to stay fast). */
  readonly ccxtRateLimit: boolean;
  readonly maxRateLimitWaitMs: number;
  readonly backoff: BackoffOptions;
}

export const DEFAULT_CLIENT_OPTIONS = {
  testnet: false,
  market: 'spot',
  timeoutMs: 10_000,
  ccxtRateLimit: true,
  maxRateLimitWaitMs: 5_000,
  backoff: DEFAULT_BACKOFF,
} as const;

type HeaderMap = Record<string, string | undefined>;
type RestResponseHook = (status: number, statusText: string, url: string, method: string, headers: HeaderMap, body: string, ...rest: unknown[]) => string;

export class CcxtClient {
  readonly exchange: Exchange;
  readonly limiter: RateLimiter;
  readonly spec: CcxtVenueSpec;
  readonly options: CcxtClientOptions;
  /** REST requests that reached the venue (a diagnostic counter). */
  requests = 0;

  constructor(spec: CcxtVenueSpec, options: CcxtClientOptions) {
    this.spec = spec;
    this.options = options;
    this.exchange = spec.create({
      apiKey: options.apiKey,
      secret: options.secret,
      ...(options.password === undefined ? {} : { password: options.password }),
      enableRateLimit: options.ccxtRateLimit,
      timeout: options.timeoutMs,
      options: spec.ccxtOptions(options.market),
    });
    if (options.testnet) this.exchange.setSandboxMode(true);
    if (options.baseUrl !== undefined || options.wsUrl !== undefined) {
      this.exchange.urls.api = rewriteOrigins(this.exchange.urls.api, options.baseUrl, options.wsUrl) as Exchange['urls']['api'];
    }
    // Currencies come from authenticated endpoints on several venues; markets carry all we need.
    this.exchange.has.fetchCurrencies = false;
    this.limiter = new RateLimiter({ ...spec.limits, maxWaitMs: options.maxRateLimitWaitMs });
    this.#hookResponses();
  }

  /** Async setup before the first call: ccxt needs an HTTP agent for plain `ws://` (a local proxy or fake). */
  async prepare(): Promise<void> {
    if (this.options.wsUrl?.startsWith('ws://') === true) await this.exchange.loadHttpProxyAgent();
  }

  /** An idempotent call: rate limited, retried with backoff on transient failures. */
  read<T>(operation: (exchange: Exchange) => Promise<T>): Promise<T> {
    return withRetry(() => this.#once(operation, false), this.options.backoff);
  }

  /** A state-changing call: sent once (again only after a 429 refusal); errors mapped for orders. */
  write<T>(operation: (exchange: Exchange) => Promise<T>): Promise<T> {
    return this.#once(operation, true);
  }

  async #once<T>(operation: (exchange: Exchange) => Promise<T>, ordering: boolean): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      await this.limiter.acquire();
      try {
        this.requests += 1;
        return await operation(this.exchange);
      } catch (error) {
        const refused = error instanceof RateLimitExceeded || error instanceof DDoSProtection;
        if (refused && attempt < 2) continue; // the limiter now holds the Retry-After block
        throw mapCcxtError(error, { ordering, venue: this.spec.kind, retryAfterS: this.#retryAfterS() });
      }
    }
  }

  #retryAfterS(): number {
    const blocked = this.limiter.blockedUntil;
    return blocked === 0 ? 1 : Math.max(1, Math.ceil((blocked - Date.now()) / 1000));
  }

  #hookResponses(): void {
    const exchange = this.exchange as unknown as { onRestResponse: RestResponseHook };
    const original = exchange.onRestResponse.bind(exchange);
    exchange.onRestResponse = (status, statusText, url, method, headers, body, ...rest) => {
      this.limiter.observe(status, headers);
      this.spec.observeHeaders?.(headers, this.limiter);
      return original(status, statusText, url, method, headers, body, ...rest);
    };
  }
}

/** Rewrites `scheme://host[:port]` of every URL in ccxt's `urls.api` tree, keeping paths. */
export function rewriteOrigins(value: unknown, httpBase: string | undefined, wsBase: string | undefined): unknown {
  if (typeof value === 'string') {
    const match = /^(https?|wss?):\/\/[^/]+/.exec(value);
    if (!match) return value;
    const isWs = match[1] === 'ws' || match[1] === 'wss';
    const base = isWs ? wsBase : httpBase;
    return base === undefined ? value : base.replace(/\/$/, '') + value.slice(match[0].length);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewriteOrigins(inner, httpBase, wsBase)]));
  }
  return value;
}

/** The error every command gets while the adapter is not connected. */
export function notConnected(kind: string): TradingError {
  return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `${kind} is not connected`);
}
