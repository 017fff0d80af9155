/**
 * IB's message pacing: TWS accepts at most 50 API messages per second from a client and disconnects one that
 * keeps sending faster. Every outgoing message goes through this queue, in order, never faster than the limit.
 */

export interface IbPacerOptions {
  /** Messages per second (IB's limit is 50). */
  readonly perSecond: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class IbPacer {
  readonly #perSecond: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Send times of the last second, oldest first. */
  readonly #sent: number[] = [];
  #queue: Promise<void> = Promise.resolve();
  /** Messages waiting for their turn (diagnostics). */
  waiting = 0;

  constructor(options: IbPacerOptions) {
    this.#perSecond = options.perSecond;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? realSleep;
  }

  /** Runs `send` once its turn comes; resolves after it ran (rejects with its error). */
  send(send: () => void): Promise<void> {
    this.waiting += 1;
    const turn = this.#queue.then(async () => {
      await this.#slot();
      this.waiting -= 1;
      send();
    });
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #slot(): Promise<void> {
    for (;;) {
      const now = this.#now();
      while (this.#sent.length > 0 && (this.#sent[0] ?? 0) <= now - 1_000) this.#sent.shift();
      if (this.#sent.length < this.#perSecond) {
        this.#sent.push(now);
        return;
      }
      await this.#sleep((this.#sent[0] ?? now) + 1_000 - now);
    }
  }
}
