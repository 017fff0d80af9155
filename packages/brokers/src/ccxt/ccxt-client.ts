/**
 * Raw venue access through ccxt: builds the exchange (testnet, URL override for proxies and fakes), and runs
 * every REST call through the rate limiter and the error mapper. Reads retry with backoff; writes never do,
 * except after a 429 (the venue refused the request, so sending it again cannot duplicate anything).
 */
import { DDoSProtection, InvalidNonce, RateLimitExceeded, type Exchange } from 'ccxt';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { RateLimiter } from '../common/rate-limiter.ts';
import { DEFAULT_BACKOFF, withRetry, type BackoffOptions } from '../common/retry.ts';
import { isAmbiguousCcxtError, mapCcxtError } from './ccxt-errors.ts';
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
  /** Measure the venue's clock at connect and sign requests with its time (timestamp / recvWindow errors). */
  readonly syncClock: boolean;
  /** The account's rate-limit tier (venues with tiered budgets). */
  readonly tier?: string | undefined;
  /** The venue's regional API hosts to use (OKX `eea`, `us`; Bybit `eu`, `nl`, …). */
  readonly region?: string;
}

/** The clock the client runs on: `now` and `sleep` (rate-limit waits), real unless a test drives them. */
export interface ClientClock {
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_CLIENT_OPTIONS = {
  testnet: false,
  market: 'spot',
  timeoutMs: 10_000,
  ccxtRateLimit: true,
  maxRateLimitWaitMs: 5_000,
  backoff: DEFAULT_BACKOFF,
  syncClock: true,
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
  /** How far the venue's clock runs ahead of ours (ms), measured at connect; applied to every signed request. */
  clockOffsetMs = 0;
  readonly #clock: ClientClock;
  /** Rate-limit signals seen by the response hook so far (whatever error ccxt raises for them). */
  #signals = 0;

  constructor(spec: CcxtVenueSpec, options: CcxtClientOptions, clock: ClientClock = { now: Date.now }) {
    this.spec = spec;
    this.options = options;
    this.#clock = clock;
    this.exchange = spec.create({
      apiKey: options.apiKey,
      secret: options.secret,
      ...(options.password === undefined ? {} : { password: options.password }),
      enableRateLimit: options.ccxtRateLimit,
      timeout: options.timeoutMs,
      options: spec.ccxtOptions(options.market),
    });
    const region = options.region === undefined ? undefined : spec.regions?.[options.region];
    if (region !== undefined) applyRegion(this.exchange, region);
    if (options.testnet) {
      if (spec.sandbox !== undefined) spec.sandbox(this.exchange, options.market);
      else this.exchange.setSandboxMode(true);
    }
    if (options.baseUrl !== undefined || options.wsUrl !== undefined) {
      this.exchange.urls.api = rewriteOrigins(this.exchange.urls.api, options.baseUrl, options.wsUrl) as Exchange['urls']['api'];
    }
    // Currencies come from authenticated endpoints on several venues; markets carry all we need.
    this.exchange.has.fetchCurrencies = false;
    const limits = (options.tier === undefined ? undefined : spec.tierLimits?.[options.tier]) ?? spec.limits;
    this.limiter = new RateLimiter({ ...limits, maxWaitMs: options.maxRateLimitWaitMs, now: clock.now, ...(clock.sleep === undefined ? {} : { sleep: clock.sleep }) });
    // Signed requests carry our time shifted by the measured offset, so a drifting host clock is not refused.
    (this.exchange as unknown as { milliseconds: () => number }).milliseconds = () => Date.now() + this.clockOffsetMs;
    this.#hookResponses();
  }

  /** Measures the venue's clock (its server time against ours, half the round trip allowed for). */
  async syncClock(): Promise<void> {
    const serverTime = this.spec.serverTime;
    if (!this.options.syncClock || serverTime === undefined) return;
    const sent = Date.now();
    const venueTime = await this.read((exchange) => serverTime(exchange));
    const received = Date.now();
    this.clockOffsetMs = Math.round(venueTime - (sent + received) / 2);
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
    let resynced = false;
    let signalsBefore = this.#signals;
    for (let attempt = 0; ; attempt += 1) {
      await this.limiter.acquire();
      try {
        this.requests += 1;
        signalsBefore = this.#signals;
        return await operation(this.exchange);
      } catch (error) {
        // A refusal of the request (rate limit, timestamp): the venue did not act on it, so sending it again is safe.
        // (A timeout is never one: its request may have been executed.)
        const signalled = this.#signals > signalsBefore && this.limiter.blockedUntil > 0;
        const refused = error instanceof RateLimitExceeded || error instanceof DDoSProtection || (signalled && !isAmbiguousCcxtError(error));
        if (refused) {
          if (this.limiter.blockedUntil === 0) this.limiter.blockFor(1_000);
          if (attempt < 2) continue; // the limiter now holds the venue's wait: waited out, or RATE_LIMITED
          throw new TradingError(ErrorCode.RATE_LIMITED, `${this.spec.kind}: the venue's rate limit is exhausted; retry later`, { cause: error, retryAfterS: this.#retryAfterS() });
        }
        if (error instanceof InvalidNonce && !resynced && this.spec.serverTime !== undefined) {
          resynced = true;
          await this.syncClock().catch(() => undefined);
          continue;
        }
        if (error instanceof InvalidNonce) throw clockError(this.spec.kind, this.clockOffsetMs, error);
        throw mapCcxtError(error, { ordering, venue: this.spec.kind, retryAfterS: this.#retryAfterS() });
      }
    }
  }

  #retryAfterS(): number {
    const blocked = this.limiter.blockedUntil;
    return blocked === 0 ? 1 : Math.max(1, Math.ceil((blocked - this.#clock.now()) / 1000));
  }

  #hookResponses(): void {
    const exchange = this.exchange as unknown as { onRestResponse: RestResponseHook };
    const original = exchange.onRestResponse.bind(exchange);
    exchange.onRestResponse = (status, statusText, url, method, headers, body, ...rest) => {
      this.limiter.observe(status, headers);
      this.spec.observeHeaders?.(headers, this.limiter);
      const extra = this.spec.extraWeight?.(url) ?? 0;
      if (extra !== 0) this.limiter.charge(extra);
      const waitMs = this.spec.rateLimitSignal?.(status, headers, typeof body === 'string' ? body : '', this.#clock.now());
      if (waitMs !== undefined) {
        this.#signals += 1;
        this.limiter.blockFor(Math.max(0, waitMs));
      }
      return original(status, statusText, url, method, headers, body, ...rest);
    };
  }
}

/** Points the exchange at a regional host: ccxt's `hostname` for REST, and the host of every WebSocket URL. */
function applyRegion(exchange: Exchange, region: { readonly hostname: string; readonly wsHost?: string }): void {
  (exchange as unknown as { hostname: string }).hostname = region.hostname;
  const wsHost = region.wsHost;
  if (wsHost === undefined) return;
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/^(wss:\/\/)[^/:]+/, `$1${wsHost}`);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    return value;
  };
  exchange.urls.api = rewrite(exchange.urls.api) as Exchange['urls']['api'];
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

/**
 * A request refused for its timestamp (outside the venue's receive window) even after the clock was measured
 * again: reported as this server's clock problem (500, not retried), not as the venue being down (503, retried).
 */
function clockError(venue: string, offsetMs: number, cause: unknown): TradingError {
  return new TradingError(
    ErrorCode.INTERNAL_ERROR,
    `${venue} refused the request's timestamp (outside its receive window; measured clock offset ${offsetMs} ms): check this host's clock (NTP)`,
    { cause },
  );
}

/** The error every command gets while the adapter is not connected. */
export function notConnected(kind: string): TradingError {
  return new TradingError(ErrorCode.BROKER_UNAVAILABLE, `${kind} is not connected`);
}
