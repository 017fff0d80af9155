/** The bars behind the chart, oldest first: history, older pages prepended on scroll-back, live bars appended or updated in place. */
import type { Bar } from '@trading-pro/sdk';

export class BarSeries {
  #bars: Bar[] = [];

  get bars(): readonly Bar[] {
    return this.#bars;
  }

  get first(): Bar | undefined {
    return this.#bars[0];
  }

  get last(): Bar | undefined {
    return this.#bars.at(-1);
  }

  reset(bars: readonly Bar[]): void {
    this.#bars = [...bars].sort((a, b) => a.time - b.time);
  }

  /** Adds older bars; returns how many were new (the chart shifts its view by that many). */
  prepend(older: readonly Bar[]): number {
    const first = this.#bars[0]?.time ?? Number.POSITIVE_INFINITY;
    const fresh = older.filter((bar) => bar.time < first).sort((a, b) => a.time - b.time);
    this.#bars = [...fresh, ...this.#bars];
    return fresh.length;
  }

  /** A live bar: replaces the forming bar or starts a new one; a bar older than the last is ignored. */
  apply(bar: Bar): 'updated' | 'added' | 'ignored' {
    const last = this.#bars.at(-1);
    if (last !== undefined && bar.time < last.time) return 'ignored';
    if (last !== undefined && bar.time === last.time) {
      this.#bars[this.#bars.length - 1] = bar;
      return 'updated';
    }
    this.#bars.push(bar);
    return 'added';
  }

  /** The bar a time falls in (the last bar starting at or before it), for execution markers. */
  barAt(time: number): Bar | undefined {
    let low = 0;
    let high = this.#bars.length - 1;
    let found: Bar | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const bar = this.#bars[middle];
      if (bar === undefined) break;
      if (bar.time <= time) {
        found = bar;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }
}
