/** A fake clock for retry timers: records the delays asked for and fires them when the test says so. */
import type { RetryTimers } from '../src/market-supervisor.ts';

interface Pending {
  readonly run: () => void;
  readonly delayMs: number;
}

export class FakeRetryTimers implements RetryTimers {
  /** Every delay asked for, in order. */
  readonly delays: number[] = [];
  readonly #pending = new Set<Pending>();

  setTimeout(run: () => void, delayMs: number): unknown {
    const pending = { run, delayMs };
    this.delays.push(delayMs);
    this.#pending.add(pending);
    return pending;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as Pending);
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** Runs the timers due now (all of them: the test decides that their time has come). */
  fire(): void {
    const due = [...this.#pending];
    this.#pending.clear();
    for (const timer of due) timer.run();
  }
}
