/** Latency models: the time between accepting an order and its first possible fill (as Lean's latency settings). */
import { hashUniform } from '../market/price-path.ts';
import { hashString } from '../market/random.ts';

export type LatencyConfig = { model: 'fixed'; ms: number } | { model: 'random'; minMs: number; maxMs: number; seed?: number };

export interface LatencyModel {
  /** Milliseconds for the order with creation counter `orderSeq` (the same order always gets the same delay). */
  delay(orderSeq: number): number;
}

export function fixedLatency(ms: number): LatencyModel {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError('latencyMs must be a whole number ≥ 0');
  return { delay: () => ms };
}

/** Uniform in [minMs, maxMs], seeded per order so a replay of the same commands gives the same delays. */
export function randomLatency(minMs: number, maxMs: number, seed = 42): LatencyModel {
  if (!Number.isInteger(minMs) || !Number.isInteger(maxMs) || minMs < 0 || maxMs < minMs) throw new RangeError('latency needs whole numbers 0 ≤ minMs ≤ maxMs');
  const key = hashString(`${seed >>> 0}|latency`);
  return { delay: (orderSeq) => minMs + Math.floor(hashUniform(key, orderSeq) * (maxMs - minMs + 1)) };
}

export function latencyModelOf(config: LatencyConfig | undefined, latencyMs = 0): LatencyModel {
  if (config === undefined) return fixedLatency(latencyMs);
  return config.model === 'fixed' ? fixedLatency(config.ms) : randomLatency(config.minMs, config.maxMs, config.seed);
}
