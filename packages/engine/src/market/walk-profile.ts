/** How prices, spreads and volumes move for each kind of instrument in the simulated market. */
import type { Fixed } from '@trading-pro/contracts';
import type { InstrumentType } from './instrument.ts';
import type { Random } from './random.ts';

export interface WalkProfile {
  /** Deviation of the log return over one minute. */
  readonly volPerMinute: number;
  /** Deviation of the log gap between one session's close and the next open. */
  readonly overnightVol: number;
  /** Typical bid/ask spread in basis points of the price (never under one tick). */
  readonly spreadBps: number;
  /** Typical traded notional per minute, in the quote currency. */
  readonly notionalPerMinute: number;
  /** Typical displayed notional at the best bid and at the best ask. */
  readonly depthNotional: number;
}

const STOCK: WalkProfile = { volPerMinute: 0.0008, overnightVol: 0.006, spreadBps: 2, notionalPerMinute: 2_000_000, depthNotional: 60_000 };
const FUND: WalkProfile = { volPerMinute: 0.0005, overnightVol: 0.004, spreadBps: 0.5, notionalPerMinute: 20_000_000, depthNotional: 400_000 };

export const WALK_PROFILES: Readonly<Record<InstrumentType, WalkProfile>> = {
  stock: STOCK,
  fund: FUND,
  index: FUND,
  futures: FUND,
  crypto: { volPerMinute: 0.0006, overnightVol: 0, spreadBps: 1, notionalPerMinute: 1_500_000, depthNotional: 150_000 },
  forex: { volPerMinute: 0.00012, overnightVol: 0.001, spreadBps: 0.8, notionalPerMinute: 30_000_000, depthNotional: 3_000_000 },
};

/** Exact conversions between a float count of steps (ticks or lots) and `Fixed`. */
export interface StepScale {
  /** Step size as a float, for the walk's arithmetic. */
  readonly size: number;
  readonly step: Fixed;
}

export function scaleOf(step: Fixed): StepScale {
  return { size: Number(step) / 1e8, step };
}

export function stepsToFixed(steps: number, scale: StepScale): Fixed {
  return BigInt(Math.round(steps)) * scale.step;
}

/** A positive factor with mean 1 and the given log deviation: sizes and volumes are skewed, never negative. */
export function lognormal(rng: Random, deviation: number): number {
  return Math.exp(deviation * rng.gaussian() - (deviation * deviation) / 2);
}

/** Lots worth about `notional` at `price` (both floats), at least `minLots`. */
export function lotsFor(notional: number, price: number, lot: StepScale, minLots: number): number {
  return Math.max(minLots, Math.round(notional / price / lot.size));
}
