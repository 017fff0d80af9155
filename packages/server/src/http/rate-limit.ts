/**
 * Token buckets: a steady rate with a burst allowance, refilled lazily from an injected clock, and a keyed set
 * of them whose idle (full) buckets are forgotten so that a flood of distinct keys cannot grow memory for long.
 */

export interface BucketOptions {
  /** Tokens added per second. */
  readonly perSecond: number;
  /** Most tokens held (requests allowed at once). */
  readonly burst: number;
}

export class TokenBucket {
  readonly #perMs: number;
  readonly #burst: number;
  #tokens: number;
  #last: number;

  constructor(options: BucketOptions, now: number) {
    this.#perMs = options.perSecond / 1000;
    this.#burst = options.burst;
    this.#tokens = options.burst;
    this.#last = now;
  }

  /** Takes one token: 0 when granted, else the seconds until one is available. */
  take(now: number): number {
    this.#refill(now);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return (1 - this.#tokens) / this.#perMs / 1000;
  }

  /** Whether the bucket has refilled completely (its key may be forgotten). */
  full(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.#burst;
  }

  #refill(now: number): void {
    const elapsed = now - this.#last;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#perMs);
      this.#last = now;
    }
  }
}

/** One bucket per key (a credential, a client address). */
export class KeyedRateLimiter {
  readonly #options: BucketOptions;
  readonly #now: () => number;
  readonly #buckets = new Map<string, TokenBucket>();
  /** Past this many keys, full buckets are swept before a new key is added. */
  readonly #sweepAt: number;
  #nextSweep: number;

  constructor(options: BucketOptions, now: () => number, sweepAt = 10_000) {
    this.#options = options;
    this.#now = now;
    this.#sweepAt = sweepAt;
    this.#nextSweep = sweepAt;
  }

  /** Takes one token of `key`'s bucket: 0 when granted, else the seconds to wait. */
  take(key: string): number {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#nextSweep) this.#sweep(now);
      bucket = new TokenBucket(this.#options, now);
      this.#buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.full(now)) this.#buckets.delete(key);
    // Sweeping again only after as many new keys keeps the cost per request constant.
    this.#nextSweep = Math.max(this.#sweepAt, this.#buckets.size * 2);
  }
}
