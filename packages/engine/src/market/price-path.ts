/**
 * The simulated price of an instrument as a pure function of (seed, symbol, time): no state, no journal, so every
 * process and every restart sees the same market, the past never changes, and any moment from 2016 on can be asked
 * for directly.
 *
 * The log price is a sum of independent levels of noise: level k has seeded Gaussian knots every 15 s × 2^k of
 * *activity time* and is linearly interpolated between them. With amplitudes ∝ √spacing the increments have a
 * variance that grows with the interval like a random walk's up to about half a year, past which prices wander
 * around the instrument's base price instead of drifting away. Activity time runs at full speed while the market
 * trades and much slower while it is closed, so overnight and weekend gaps are modest, as on a real venue.
 *
 * Between two 15-second knots the path is a straight line, so the highest and lowest price of any interval is at
 * one of its ends or at a knot inside it: bars are exact and every quote lies inside the bar it falls in.
 */
import { hashString } from './random.ts';

/** How fast activity time runs, per UTC minute of the week. */
export type ActivityProfile = 'always' | 'fx' | 'us-equity';

export interface PricePathSpec {
  readonly seed: number;
  readonly symbol: string;
  /** The level prices wander around, in price units. */
  readonly basePrice: number;
  /** Deviation of the log return over one active minute. */
  readonly volPerMinute: number;
  readonly activity: ActivityProfile;
}

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 1440;
/** Spacing of the finest knots, in active minutes (15 s while trading). */
export const KNOT_MINUTES = 0.25;
const LEVELS = 21;
/** Unix ms of Sunday 1970-01-04 00:00 UTC: weeks of the activity clock start on Sundays. */
const FIRST_SUNDAY = 3 * 86_400_000;

const clocks = new Map<ActivityProfile, { readonly cumulative: Float64Array; readonly rate: Float64Array; readonly perWeek: number }>();

function rateAt(profile: ActivityProfile, weekday: number, minute: number): number {
  if (profile === 'always') return 1;
  const weekend = weekday === 0 || weekday === 6;
  if (profile === 'fx') {
    // FX trades Sunday 17:00 to Friday 17:00 New York: roughly Sunday 22:00 to Friday 22:00 UTC.
    if (weekday === 6 || (weekday === 0 && minute < 22 * 60) || (weekday === 5 && minute >= 22 * 60)) return 0.02;
    return 1;
  }
  if (weekend) return 0.02;
  if (minute >= 13 * 60 + 30 && minute < 21 * 60) return 1; // the regular session in UTC, give or take DST
  if (minute >= 8 * 60 && minute < 24 * 60) return 0.1; // pre- and post-market
  return 0.02;
}

function clockOf(profile: ActivityProfile): { readonly cumulative: Float64Array; readonly rate: Float64Array; readonly perWeek: number } {
  let clock = clocks.get(profile);
  if (clock) return clock;
  const rate = new Float64Array(WEEK_MINUTES);
  const cumulative = new Float64Array(WEEK_MINUTES + 1);
  for (let m = 0; m < WEEK_MINUTES; m++) {
    rate[m] = rateAt(profile, Math.floor(m / 1440), m % 1440);
    cumulative[m + 1] = (cumulative[m] ?? 0) + (rate[m] ?? 0);
  }
  clock = { cumulative, rate, perWeek: cumulative[WEEK_MINUTES] ?? 0 };
  clocks.set(profile, clock);
  return clock;
}

/** Active minutes since the first Sunday of 1970 at `timeMs`: continuous and increasing. */
export function activityTime(profile: ActivityProfile, timeMs: number): number {
  const clock = clockOf(profile);
  const sinceSunday = (timeMs - FIRST_SUNDAY) / MINUTE;
  const week = Math.floor(sinceSunday / WEEK_MINUTES);
  const inWeek = sinceSunday - week * WEEK_MINUTES;
  const minute = Math.floor(inWeek);
  return week * clock.perWeek + (clock.cumulative[minute] ?? 0) + (clock.rate[minute] ?? 0) * (inWeek - minute);
}

/** The inverse of `activityTime`: the Unix ms at which activity time reaches `tau`. */
export function wallTime(profile: ActivityProfile, tau: number): number {
  const clock = clockOf(profile);
  const week = Math.floor(tau / clock.perWeek);
  const inWeek = tau - week * clock.perWeek;
  const cumulative = clock.cumulative;
  let lo = 0;
  let hi = WEEK_MINUTES;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((cumulative[mid] ?? 0) <= inWeek) lo = mid;
    else hi = mid - 1;
  }
  const minute = Math.min(lo, WEEK_MINUTES - 1);
  const fraction = (inWeek - (cumulative[minute] ?? 0)) / (clock.rate[minute] ?? 1);
  return FIRST_SUNDAY + (week * WEEK_MINUTES + minute + fraction) * MINUTE;
}

/** 32-bit integer mix (a murmur3 finalizer over two words). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hash(key: number, index: number): number {
  const mixed = mix(key, index >>> 0);
  return index < 4294967296 ? mixed : mix(mixed, Math.floor(index / 4294967296) >>> 0);
}

/** A uniform in (0, 1) from a key and an index. */
export function hashUniform(key: number, index: number): number {
  return (hash(key, index) + 0.5) / 4294967296;
}

/**
 * A standard normal from a key and an index, close enough for a simulation and cheap: the sum of the four bytes
 * of one hash (Irwin–Hall), centred and scaled to unit variance. Its tails stop at about ±3.5.
 */
export function hashGaussian(key: number, index: number): number {
  const h = hash(key, index);
  const sum = (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24);
  return (sum - 510) / 147.8;
}

/**
 * Evaluates one instrument's path. Evaluations in increasing time order reuse each level's current knots, so a
 * sweep across a day costs about two Gaussians per knot; random access works too, only slower.
 */
export class PricePath {
  readonly spec: PricePathSpec;
  readonly #keys: Int32Array;
  readonly #amplitudes: Float64Array;
  readonly #spacing: Float64Array;
  readonly #index = new Float64Array(LEVELS).fill(Number.NaN);
  readonly #left = new Float64Array(LEVELS);
  readonly #right = new Float64Array(LEVELS);
  readonly #logBase: number;
  readonly #slopes = new Float64Array(LEVELS);

  constructor(spec: PricePathSpec) {
    this.spec = spec;
    this.#logBase = Math.log(spec.basePrice);
    this.#keys = new Int32Array(LEVELS);
    this.#amplitudes = new Float64Array(LEVELS);
    this.#spacing = new Float64Array(LEVELS);
    for (let k = 0; k < LEVELS; k++) {
      const spacing = KNOT_MINUTES * 2 ** k;
      this.#spacing[k] = spacing;
      // Interpolated levels of amplitude a and spacing s add about 6·a²/s of variance per active minute in total.
      this.#amplitudes[k] = spec.volPerMinute * Math.sqrt(spacing / 6);
      this.#keys[k] = hashString(`${spec.seed >>> 0}|${spec.symbol}|path|${k}`);
    }
  }

  /** Active minutes at `timeMs`. */
  tau(timeMs: number): number {
    return activityTime(this.spec.activity, timeMs);
  }

  /** Log price at activity time `tau`; leaves each level's current knots in the cache. */
  logAtTau(tau: number): number {
    let log = this.#logBase;
    for (let k = 0; k < LEVELS; k++) {
      const spacing = this.#spacing[k] ?? 1;
      const position = tau / spacing;
      const index = Math.floor(position);
      const cached = this.#index[k] ?? Number.NaN;
      if (index !== cached) {
        const key = this.#keys[k] ?? 0;
        if (index === cached + 1) this.#left[k] = this.#right[k] ?? 0;
        else this.#left[k] = hashGaussian(key, index);
        this.#right[k] = hashGaussian(key, index + 1);
        this.#index[k] = index;
      }
      const left = this.#left[k] ?? 0;
      log += (this.#amplitudes[k] ?? 0) * (left + ((this.#right[k] ?? 0) - left) * (position - index));
    }
    return log;
  }

  /** Price (a float in price units) at activity time `tau`. */
  priceAtTau(tau: number): number {
    return Math.exp(this.logAtTau(tau));
  }

  priceAt(timeMs: number): number {
    return this.priceAtTau(this.tau(timeMs));
  }

  /**
   * Highest and lowest price over [fromMs, toMs] (both ends included) with the prices at both ends: the path is
   * linear between knots, so only the ends and the knots inside need evaluating.
   */
  range(fromMs: number, toMs: number): { open: number; close: number; high: number; low: number } {
    const start = this.tau(fromMs);
    const end = this.tau(toMs);
    const open = this.logAtTau(start);
    let high = open;
    let low = open;
    let knot = Math.floor(start / KNOT_MINUTES) + 1;
    if (knot * KNOT_MINUTES < end) {
      // Walk knot to knot: each level's slope changes only where it has a knot (about two levels per step).
      const slopes = this.#slopes;
      let total = 0;
      for (let k = 0; k < LEVELS; k++) {
        slopes[k] = ((this.#amplitudes[k] ?? 0) * ((this.#right[k] ?? 0) - (this.#left[k] ?? 0))) / (this.#spacing[k] ?? 1);
        total += slopes[k] ?? 0;
      }
      let log = open;
      let at = start;
      for (; knot * KNOT_MINUTES < end; knot++) {
        const tau = knot * KNOT_MINUTES;
        log += total * (tau - at);
        at = tau;
        if (log > high) high = log;
        if (log < low) low = log;
        for (let k = 0, step = 1; k < LEVELS && knot % step === 0; k++, step *= 2) {
          const left = this.#right[k] ?? 0;
          const index = knot / step;
          const right = hashGaussian(this.#keys[k] ?? 0, index + 1);
          this.#left[k] = left;
          this.#right[k] = right;
          this.#index[k] = index;
          const slope = ((this.#amplitudes[k] ?? 0) * (right - left)) / (this.#spacing[k] ?? 1);
          total += slope - (slopes[k] ?? 0);
          slopes[k] = slope;
        }
      }
    }
    const close = end > start ? this.logAtTau(end) : open;
    if (close > high) high = close;
    if (close < low) low = close;
    return { open: Math.exp(open), close: Math.exp(close), high: Math.exp(high), low: Math.exp(low) };
  }
}
