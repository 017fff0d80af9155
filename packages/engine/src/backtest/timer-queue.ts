/**
 * A strategy's timers as a pure queue on a clock someone else advances: a backtest runs what is due at each bar's
 * close time, a live run sets one real timeout to the next due time. Timers due at the same time run in the order
 * they were set.
 */
import type { CancelTimer } from './strategy.ts';

interface Timer {
  due: number;
  readonly interval: number;
  readonly order: number;
  readonly callback: () => void;
  canceled: boolean;
}

export class TimerQueue {
  readonly #timers: Timer[] = [];
  #order = 0;

  /** Adds a timer first due at `due`, repeating every `interval` ms when `interval` > 0. */
  add(due: number, interval: number, callback: () => void): CancelTimer {
    if (!Number.isFinite(due)) throw new RangeError(`a timer needs a finite time, got ${due}`);
    if (!Number.isFinite(interval) || interval < 0) throw new RangeError(`a timer interval must be a number ≥ 0, got ${interval}`);
    const timer: Timer = { due, interval, order: this.#order++, callback, canceled: false };
    this.#timers.push(timer);
    return () => {
      timer.canceled = true;
      const at = this.#timers.indexOf(timer);
      if (at >= 0) this.#timers.splice(at, 1);
    };
  }

  /** Due time of the next timer (Infinity when none). */
  get next(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const timer of this.#timers) if (timer.due < next) next = timer.due;
    return next;
  }

  get size(): number {
    return this.#timers.length;
  }

  /** Runs every timer due at or before `now`, earliest first; `beforeEach` gets each one's due time. */
  runDue(now: number, beforeEach: (due: number) => void = () => undefined): void {
    for (;;) {
      let first: Timer | undefined;
      for (const timer of this.#timers) {
        if (timer.due <= now && (first === undefined || timer.due < first.due || (timer.due === first.due && timer.order < first.order))) first = timer;
      }
      if (first === undefined) return;
      const due = first.due;
      if (first.interval > 0) first.due += first.interval;
      else this.#timers.splice(this.#timers.indexOf(first), 1);
      beforeEach(due);
      first.callback();
    }
  }

  clear(): void {
    this.#timers.length = 0;
  }
}
