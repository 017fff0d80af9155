/**
 * Equity marked to market for an account's listeners: one timer per account however many listen, running only
 * while someone does, and a value sent only when it changed.
 */
import type { Account, EquityData } from '@trading-pro/contracts';

/** How often marked-to-market equity is recomputed while someone listens. */
export const MARKS_INTERVAL_MS = 250;

export class SharedMarks {
  readonly #read: () => Account | Promise<Account>;
  readonly #listeners = new Set<(equity: EquityData) => void>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #last = '';

  /** `read` values the account now (locally, or from the process that owns it). */
  constructor(read: () => Account | Promise<Account>) {
    this.#read = read;
  }

  listen(listener: (equity: EquityData) => void): () => void {
    this.#listeners.add(listener);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => void this.#send(), MARKS_INTERVAL_MS);
      this.#timer.unref();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#last = '';
  }

  clear(): void {
    this.stop();
    this.#listeners.clear();
  }

  async #send(): Promise<void> {
    let account: Account;
    try {
      account = await this.#read();
    } catch {
      // Not available right now (an owner changing): the next tick tries again.
      return;
    }
    const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = account;
    const key = `${balance}|${equity}|${unrealizedPL}|${realizedPL}|${marginUsed}|${buyingPower}`;
    if (key === this.#last) return;
    this.#last = key;
    const data: EquityData = { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower };
    for (const listener of this.#listeners) listener(data);
  }
}
