/**
 * Completed simulated bars kept for reuse, one series per (symbol, resolution), bounded in total: past the cap the
 * least recently used series are dropped whole. A bar is cheap to compute again (its price path is a pure function
 * of time), so the cache only spares the work for the series charts are looking at, at a memory cost with a ceiling.
 */
import type { MarketBar } from './bar.ts';

/** Completed bars kept across all series by default: about 12 MiB of bars. */
export const DEFAULT_BAR_CACHE_LIMIT = 50_000;

export class BarCache {
  readonly limit: number;
  /** Series by `symbol|resolution`, least recently used first (a Map keeps insertion order). */
  readonly #series = new Map<string, Map<number, MarketBar>>();
  #size = 0;

  constructor(limit = DEFAULT_BAR_CACHE_LIMIT) {
    this.limit = limit;
  }

  /** Bars held in all series. */
  get size(): number {
    return this.#size;
  }

  /** Series held, least recently used first. */
  seriesKeys(): string[] {
    return [...this.#series.keys()];
  }

  /** The cached bar of a series at `time`; marks the series as used. */
  get(seriesKey: string, time: number): MarketBar | undefined {
    const series = this.#use(seriesKey);
    return series?.get(time);
  }

  /** Keeps a completed bar; drops the least recently used other series (then the oldest bars) past the cap. */
  set(seriesKey: string, bar: MarketBar): void {
    let series = this.#use(seriesKey);
    if (series === undefined) {
      series = new Map();
      this.#series.set(seriesKey, series);
    }
    if (!series.has(bar.time)) this.#size += 1;
    series.set(bar.time, bar);
    for (const [key, victim] of this.#series) {
      if (this.#size <= this.limit) return;
      if (key === seriesKey) continue;
      this.#size -= victim.size;
      this.#series.delete(key);
    }
    // One series alone above the cap keeps its most recently added bars.
    for (const time of series.keys()) {
      if (this.#size <= this.limit) return;
      series.delete(time);
      this.#size -= 1;
    }
  }

  #use(seriesKey: string): Map<number, MarketBar> | undefined {
    const series = this.#series.get(seriesKey);
    if (series === undefined) return undefined;
    this.#series.delete(seriesKey);
    this.#series.set(seriesKey, series);
    return series;
  }
}
