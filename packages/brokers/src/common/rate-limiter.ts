/**
 * Per-venue request limiter: a token bucket sized from the venue's published limits, plus a block
 * that a 429/418 response (with its Retry-After) or a near-exhausted used-weight header puts on it.
 */
import { ErrorCode, TradingError } from '@trading-pro/contracts';

export interface RateLimiterOptions {
  /** Bucket size (requests or weight units that may burst). */
  readonly capacity: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
  /** Longest a call waits for the bucket or a Retry-After before RATE_LIMITED is reported instead. */
  readonly maxWaitMs: number;
  /** Wait used when a 429 carries no Retry-After. */
  readonly defaultRetryAfterMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
  readonly #options: RateLimiterOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #tokens: number;
  #refilledAt: number;
  #blockedUntil = 0;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
    this.#tokens = options.capacity;
    this.#refilledAt = this.#now();
  }

  /** Time (Unix ms) before which no request may be sent; 0 when not blocked. */
  get blockedUntil(): number {
    return this.#blockedUntil > this.#now() ? this.#blockedUntil : 0;
  }

  /** Waits for a token (and any Retry-After block); throws RATE_LIMITED when that would exceed `maxWaitMs`. */
  async acquire(weight = 1): Promise<void> {
    const wait = this.#waitMs(weight);
    if (wait > this.#options.maxWaitMs) {
      throw new TradingError(ErrorCode.RATE_LIMITED, 'the venue rate limit is exhausted; retry later', {
        retryAfterS: Math.max(1, Math.ceil(wait / 1000)),
      });
    }
    if (wait > 0) await this.#sleep(wait);
    this.#refill();
    this.#tokens -= weight;
  }

  /** Feeds a response: a 429/418 blocks for Retry-After (seconds or an HTTP date). */
  observe(status: number, headers: Readonly<Record<string, string | undefined>>): void {
    if (status !== 429 && status !== 418) return;
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), this.#now()) ?? this.#options.defaultRetryAfterMs ?? 1000;
    this.blockFor(retryAfterMs);
  }

  /**
   * Corrects what a request cost once the venue's weight for it is known (`delta` more tokens, or fewer when
   * negative): Kraken's trade-history calls count 2, its order calls do not count on the REST counter at all.
   */
  charge(delta: number): void {
    this.#refill();
    this.#tokens = Math.min(this.#options.capacity, this.#tokens - delta);
  }

  /** Blocks every call for `ms` (used-weight near its cap, a venue-specific back-off signal). */
  blockFor(ms: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, this.#now() + ms);
  }

  #waitMs(weight: number): number {
    this.#refill();
    const blocked = Math.max(0, this.#blockedUntil - this.#now());
    const missing = weight - this.#tokens;
    const refillWait = missing > 0 ? Math.ceil((missing / this.#options.refillPerSecond) * 1000) : 0;
    return Math.max(blocked, refillWait);
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#refilledAt) / 1000;
    this.#tokens = Math.min(this.#options.capacity, this.#tokens + elapsed * this.#options.refillPerSecond);
    this.#refilledAt = now;
  }
}

/** The wait a venue's own rate-limit answer asks for (HTTP status, headers and body of the response), if it is one. */
export type RateLimitSignal = (status: number, headers: Readonly<Record<string, string | undefined>>, body: string, now: number) => number | undefined;

/** Looks a header up case-insensitively (ccxt capitalizes names, fetch lower-cases them). */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
